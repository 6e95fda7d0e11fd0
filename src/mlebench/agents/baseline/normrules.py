"""Spoken forms for tokens never seen in training: numbers, dates, money, measures, letters, phones."""

from __future__ import annotations

import re

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
       "twelve": "twelfth"}
MONTHS = "january february march april may june july august september october november december".split()
DIGIT = {str(i): w for i, w in enumerate("o one two three four five six seven eight nine".split())}


def cardinal(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + cardinal(n % 100))
    for div, word in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= div:
            return cardinal(n // div) + " " + word + ("" if n % div == 0 else " " + cardinal(n % div))
    return str(n)


def ordinal(n: int) -> str:
    words = cardinal(n).split()
    last = words[-1]
    words[-1] = ORD.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def year(n: int) -> str:
    if 2000 <= n < 2010:
        return cardinal(n)
    hi, lo = divmod(n, 100)
    if lo == 0:
        return cardinal(hi) + " hundred"
    return cardinal(hi) + " " + (("o " + ONES[lo]) if lo < 10 else cardinal(lo))


def digits(s: str) -> str:
    return " ".join(DIGIT[c] for c in s if c in DIGIT)


def _date(day: int, month: int, yr: int, style: str) -> str:
    m = MONTHS[month - 1]
    return f"{m} {ordinal(day)} {year(yr)}" if style == "mdy" else f"the {ordinal(day)} of {m} {year(yr)}"


def rule(token: str, units: dict[str, str]) -> str | None:
    t = token.strip()
    if re.fullmatch(r"0\d+", t):
        return digits(t)
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d{1,12}", t):
        return cardinal(int(t.replace(",", "")))
    if re.fullmatch(r"\d+\.\d+", t):
        a, b = t.split(".")
        return f"{cardinal(int(a))} point " + " ".join(ONES[int(c)] for c in b)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)%", t)
    if m:
        return f"{rule(m.group(1), units)} percent"
    m = re.fullmatch(r"([$€£])(\d+(?:\.\d+)?) (million|billion|thousand)", t)
    if m:
        unit = {"$": "dollars", "€": "euros", "£": "pounds"}[m.group(1)]
        return f"{rule(m.group(2), units)} {m.group(3)} {unit}"
    m = re.fullmatch(r"([$€£])(\d+)(?:\.(\d\d))?", t)
    if m:
        unit = {"$": "dollar", "€": "euro", "£": "pound"}[m.group(1)]
        cent = "penny" if m.group(1) == "£" else "cent"
        n = int(m.group(2))
        out = f"{cardinal(n)} {unit}{'' if n == 1 else 's'}"
        if m.group(3) and int(m.group(3)):
            c = int(m.group(3))
            out += f" {cardinal(c)} " + (cent if c == 1 else ("pence" if cent == "penny" else "cents"))
        return out
    m = re.fullmatch(r"(\d+(?:\.\d+)?) (\S+)", t)
    if m and m.group(2) in units:
        return f"{rule(m.group(1), units)} {units[m.group(2)]}"
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)), "dmy")
    m = re.fullmatch(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})", t)
    if m and m.group(1).lower() in MONTHS:
        return _date(int(m.group(2)), MONTHS.index(m.group(1).lower()) + 1, int(m.group(3)), "mdy")
    m = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", t)
    if m and m.group(2).lower() in MONTHS:
        return _date(int(m.group(1)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(3)), "dmy")
    m = re.fullmatch(r"(\d{1,2}):(\d\d)( ?[ap]m)?", t, flags=re.I)
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
        out = cardinal(h) + ("" if mi == 0 else " " + ("o " + ONES[mi] if mi < 10 else cardinal(mi)))
        return out + (" " + " ".join(m.group(3).strip().lower()) if m.group(3) else "")
    if re.fullmatch(r"\d{3}-\d{4}|\d{3}-\d{3}-\d{4}", t):
        return " sil ".join(digits(p) for p in t.split("-"))
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", t)
    if m:
        return ordinal(int(m.group(1)))
    if re.fullmatch(r"[A-Z]{2,6}", t):
        return " ".join(t.lower())
    return None


def learn_units(before, after) -> dict[str, str]:
    """Unit words from training measures: '146 MB' -> 'one hundred forty six megabytes' gives MB -> megabytes."""
    units: dict[str, dict[str, int]] = {}
    for b, a in zip(before, after):
        m = re.fullmatch(r"(\d+) (\S+)", str(b))
        if not m:
            continue
        num = cardinal(int(m.group(1)))
        if str(a).startswith(num + " "):
            w = str(a)[len(num) + 1:]
            units.setdefault(m.group(2), {}).setdefault(w, 0)
            units[m.group(2)][w] += 1
    return {u: max(ws, key=ws.get) for u, ws in units.items()}
