"""Raw files laid out like text-normalization-challenge-english-language's download: zipped
``en_train.csv`` (``sentence_id,token_id,class,before,after``), ``en_test_2.csv`` (no class/after)
and ``en_sample_submission_2.csv`` (``id,after`` with ids ``<sentence_id>_<token_id>``).

Sentences are generated from templates (seed 0) that mix ordinary words and punctuation with
semiotic tokens of the classes PLAIN, PUNCT, CARDINAL, DIGIT, ORDINAL, DATE, MONEY, MEASURE, TIME,
LETTERS, DECIMAL, FRACTION, TELEPHONE, ELECTRONIC and VERBATIM. The spoken form (``after``) of each
token is written by the deterministic normaliser in this module (numbers to words, dates, money,
units, spelled-out letters, ...). Ambiguity that context resolves: a four-digit number is a year
after "in"/"since" (DATE, "nineteen ninety nine") but a count before a noun (CARDINAL); some
acronyms are read as words (PLAIN) and others letter by letter (LETTERS). Noise: 2% of the
non-trivial tokens are annotated with an equally valid alternative reading ("one hundred and five",
"o" read as "zero", "three thirty" without "p m"), as the real corpus's annotators disagreed.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import pandas as pd

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
UNITS = {"kg": ("kilogram", "kilograms"), "km": ("kilometer", "kilometers"), "m": ("meter", "meters"),
         "cm": ("centimeter", "centimeters"), "mm": ("millimeter", "millimeters"), "g": ("gram", "grams"),
         "mph": ("mile per hour", "miles per hour"), "ft": ("foot", "feet"), "lb": ("pound", "pounds"),
         "%": ("percent", "percent"), "ha": ("hectare", "hectares"), "MB": ("megabyte", "megabytes")}
CURRENCIES = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
              "€": ("euro", "euros", "cent", "cents")}
SPOKEN_ACRONYMS = ["NASA", "UNESCO", "NATO", "FIFA", "UNICEF", "OPEC"]
SPELLED_ACRONYMS = ["BBC", "USA", "FBI", "EU", "UK", "CEO", "DVD", "PhD", "IBM", "BMW", "CIA", "NHL"]
NAN_LIKE = {"NA", "NAN", "NULL", "NONE", "N/A"}  # would be read back as missing by CSV readers


# --- the normaliser ------------------------------------------------------------------------------


def say_number(n: int, *, with_and: bool = False) -> str:
    """Cardinal words of a non-negative integer (< 10**12)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        rest = n % 100
        head = ONES[n // 100] + " hundred"
        return head if rest == 0 else head + (" and " if with_and else " ") + say_number(rest, with_and=with_and)
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            head = say_number(n // size, with_and=with_and) + " " + name
            return head if rest == 0 else head + " " + say_number(rest, with_and=with_and)
    raise AssertionError(n)


def say_ordinal(n: int) -> str:
    words = say_number(n).split(" ")
    last = words[-1]
    if last in ORD_IRREGULAR:
        words[-1] = ORD_IRREGULAR[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def say_digits(s: str, *, zero: str = "o") -> str:
    return " ".join(zero if ch == "0" else ONES[int(ch)] for ch in s)


def say_year(y: int) -> str:
    if 2000 <= y <= 2009:
        return say_number(y)
    hi, lo = divmod(y, 100)
    if lo == 0:
        return say_number(hi) + " hundred"
    return say_number(hi) + " " + (say_digits(str(lo).zfill(2)) if lo < 10 else say_number(lo))


def say_decimal(s: str) -> str:
    whole, _, frac = s.partition(".")
    return say_number(int(whole.replace(",", ""))) + " point " + say_digits(frac, zero="zero")


def ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# --- token generators: each returns (class, before, after) ------------------------------------


def _cardinal(r: random.Random) -> tuple[str, str, str]:
    n = r.choice([r.randrange(2, 20), r.randrange(20, 100), r.randrange(100, 1000), r.randrange(1000, 100_000)])
    before = f"{n:,}" if n >= 10_000 or (n >= 1000 and r.random() < 0.5) else str(n)
    return "CARDINAL", before, say_number(n)


def _year(r: random.Random) -> tuple[str, str, str]:
    y = r.randrange(1800, 2026)
    return "DATE", str(y), say_year(y)


def _full_date(r: random.Random) -> tuple[str, str, str]:
    y, m, d = r.randrange(1850, 2026), r.randrange(1, 13), r.randrange(1, 29)
    month = MONTHS[m - 1]
    style = r.randrange(3)
    if style == 0:
        return "DATE", f"{month} {d}, {y}", f"{month.lower()} {say_ordinal(d)} {say_year(y)}"
    if style == 1:
        return "DATE", f"{d} {month} {y}", f"the {say_ordinal(d)} of {month.lower()} {say_year(y)}"
    return "DATE", f"{y}-{m:02d}-{d:02d}", f"the {say_ordinal(d)} of {month.lower()} {say_year(y)}"


def _ordinal(r: random.Random) -> tuple[str, str, str]:
    n = r.choice([r.randrange(1, 32), r.randrange(1, 200)])
    return "ORDINAL", f"{n}{ordinal_suffix(n)}", say_ordinal(n)


def _digit(r: random.Random) -> tuple[str, str, str]:
    s = "".join(r.choice("0123456789") for _ in range(r.randrange(3, 7)))
    return "DIGIT", s, say_digits(s)


def _money(r: random.Random) -> tuple[str, str, str]:
    sym = r.choice(list(CURRENCIES))
    one, many, sub_one, sub_many = CURRENCIES[sym]
    n = r.choice([1, r.randrange(2, 100), r.randrange(100, 5000)])
    if r.random() < 0.35:
        c = r.randrange(1, 100)
        return "MONEY", f"{sym}{n}.{c:02d}", (f"{say_number(n)} {one if n == 1 else many} "
                                               f"{say_number(c)} {sub_one if c == 1 else sub_many}")
    if r.random() < 0.15:
        return "MONEY", f"{sym}{n} million", f"{say_number(n)} million {many}"
    return "MONEY", f"{sym}{n}", f"{say_number(n)} {one if n == 1 else many}"


def _measure(r: random.Random) -> tuple[str, str, str]:
    unit = r.choice(list(UNITS))
    one, many = UNITS[unit]
    if r.random() < 0.25:
        whole, frac = r.randrange(0, 50), r.randrange(1, 10)
        spoken = f"{say_decimal(f'{whole}.{frac}')} {many}"
        number = f"{whole}.{frac}"
    else:
        n = r.choice([1, r.randrange(2, 100), r.randrange(100, 2000)])
        spoken, number = f"{say_number(n)} {one if n == 1 else many}", str(n)
    return "MEASURE", (number + unit) if unit == "%" else f"{number} {unit}", spoken


def _time(r: random.Random) -> tuple[str, str, str]:
    h, m = r.randrange(1, 13), r.choice([0, 5, 10, 15, 30, 45, r.randrange(1, 60)])
    minutes = "o'clock" if m == 0 else (f"o {ONES[m]}" if m < 10 else say_number(m))
    spoken = f"{say_number(h)} {minutes}"
    if r.random() < 0.6:
        ampm = r.choice(["am", "pm"])
        return "TIME", f"{h}:{m:02d} {ampm}", f"{say_number(h)} {'' if m == 0 else minutes + ' '}{' '.join(ampm)}".replace(
            "  ", " ")
    return "TIME", f"{h}:{m:02d}", spoken


def _letters(r: random.Random) -> tuple[str, str, str]:
    if r.random() < 0.5:
        word = r.choice(SPELLED_ACRONYMS)
    else:
        word = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(r.randrange(2, 5)))
        while word in NAN_LIKE or word in SPOKEN_ACRONYMS:
            word = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(r.randrange(2, 5)))
    return "LETTERS", word, " ".join(ch.lower() for ch in word)


def _decimal(r: random.Random) -> tuple[str, str, str]:
    s = f"{r.randrange(0, 100)}.{r.randrange(1, 1000)}"
    return "DECIMAL", s, say_decimal(s)


def _fraction(r: random.Random) -> tuple[str, str, str]:
    num, den = r.choice([(1, 2), (1, 3), (1, 4), (3, 4), (2, 3), (r.randrange(1, 10), r.randrange(5, 13))])
    if den == 2:
        return "FRACTION", f"{num}/2", f"{say_number(num)} {'half' if num == 1 else 'halves'}"
    name = {4: "quarter"}.get(den, say_ordinal(den))
    return "FRACTION", f"{num}/{den}", f"{say_number(num)} {name}{'' if num == 1 else 's'}"


def _telephone(r: random.Random) -> tuple[str, str, str]:
    a, b = "".join(r.choice("0123456789") for _ in range(3)), "".join(r.choice("0123456789") for _ in range(4))
    return "TELEPHONE", f"{a}-{b}", f"{say_digits(a)} sil {say_digits(b)}"


def _electronic(r: random.Random) -> tuple[str, str, str]:
    name = r.choice(["example", "wiki", "data", "news", "shop", "mail", "city", "lab"]) + r.choice(["", "hub", "net"])
    tld = r.choice(["com", "org", "net", "io"])
    spoken = " ".join(name) + " dot " + " ".join(tld)
    return "ELECTRONIC", f"{name}.{tld}", spoken


def _plain(word: str) -> tuple[str, str, str]:
    return ("PUNCT" if not any(ch.isalnum() for ch in word) else "PLAIN"), word, word


NOUNS = ["people", "visitors", "students", "houses", "trees", "books", "cars", "songs", "species", "islands"]
SUBJECTS = ["The museum", "Our team", "The village", "The company", "The council", "A local band", "The library",
            "The festival", "The school", "The club"]
VERBS = ["opened", "reported", "counted", "bought", "recorded", "welcomed", "listed", "sold"]
TEMPLATES = [
    "{S} {V} {CARDINAL} {N} in {YEAR} .",
    "{S} was founded in {YEAR} and has {CARDINAL} {N} .",
    "Since {YEAR} , {S_l} has {V} {CARDINAL} {N} .",
    "The {YEAR4} {N} were counted by {LETTERS} on {DATE} .",
    "{S} {V} {N} worth {MONEY} on {DATE} .",
    "Tickets cost {MONEY} and the show starts at {TIME} .",
    "The trail is {MEASURE} long and rises {MEASURE} .",
    "It finished {ORDINAL} out of {CARDINAL} entries , according to {ACRONYM} .",
    "Call {TELEPHONE} or visit {ELECTRONIC} for the {ORDINAL} edition .",
    "The code {DIGIT} opens room {DIGIT} after {TIME} .",
    "About {FRACTION} of the {N} ( {MEASURE} ) were sold by {DATE} .",
    "{S} {V} {DECIMAL} {N} per day & {CARDINAL} per week .",
    "{LETTERS} and {ACRONYM} signed the deal on {DATE} for {MONEY} .",
    "In {YEAR} , {S_l} {V} {CARDINAL} {N} : a record !",
    "Did {S_l} really sell {CARDINAL} {N} in {YEAR} ?",
    "\" We met at {TIME} , \" said the {ORDINAL} speaker .",
]
GENERATORS = {"CARDINAL": _cardinal, "YEAR": _year, "DATE": _full_date, "ORDINAL": _ordinal, "DIGIT": _digit,
              "MONEY": _money, "MEASURE": _measure, "TIME": _time, "LETTERS": _letters, "DECIMAL": _decimal,
              "FRACTION": _fraction, "TELEPHONE": _telephone, "ELECTRONIC": _electronic}


def _alternative(cls: str, after: str) -> str:
    """An equally valid reading, used for the annotation noise."""
    if cls in ("CARDINAL", "MONEY", "MEASURE") and " hundred " in after:
        return after.replace(" hundred ", " hundred and ", 1)
    if cls in ("DIGIT", "TELEPHONE") and " o" in " " + after:
        return " ".join("zero" if w == "o" else w for w in after.split(" "))
    if cls == "TIME" and after.endswith((" a m", " p m")):
        return after[:-4]
    return after


def sentence(r: random.Random) -> list[tuple[str, str, str]]:
    tokens: list[tuple[str, str, str]] = []
    for slot in r.choice(TEMPLATES).split(" "):
        if slot.startswith("{") and slot.endswith("}"):
            key = slot[1:-1]
            if key == "S":
                tokens += [_plain(w) for w in r.choice(SUBJECTS).split(" ")]
            elif key == "S_l":
                subject = r.choice(SUBJECTS)
                tokens += [_plain(w) for w in (subject[0].lower() + subject[1:]).split(" ")]
            elif key == "V":
                tokens.append(_plain(r.choice(VERBS)))
            elif key == "N":
                tokens.append(_plain(r.choice(NOUNS)))
            elif key == "ACRONYM":
                tokens.append(_plain(r.choice(SPOKEN_ACRONYMS)))
            elif key == "YEAR4":  # a four-digit count before a noun reads as a cardinal
                n = r.randrange(1000, 2100)
                tokens.append(("CARDINAL", str(n), say_number(n)))
            else:
                tokens.append(GENERATORS[key](r))
        elif slot == "&":
            tokens.append(("VERBATIM", "&", "and"))
        else:
            tokens.append(_plain(slot))
    return tokens


def corpus(n_sentences: int, seed: int = 0, *, noise: bool = True) -> pd.DataFrame:
    """``noise=False``: the same sentences with every token's canonical reading (the annotation noise
    is drawn but not applied)."""
    r = random.Random(seed)
    rows = []
    for sid in range(n_sentences):
        for tid, (cls, before, after) in enumerate(sentence(r)):
            if cls not in ("PLAIN", "PUNCT") and r.random() < 0.02 and noise:
                after = _alternative(cls, after)
            rows.append((sid, tid, cls, before, after))
    return pd.DataFrame(rows, columns=["sentence_id", "token_id", "class", "before", "after"])


# --- files ---------------------------------------------------------------------------------------


def csv_bytes(df: pd.DataFrame) -> bytes:
    """v1 writes these files with every text field quoted (csv.QUOTE_NONNUMERIC)."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    return buf.getvalue().encode()


def write_zip(df: pd.DataFrame, path: Path, member: str) -> None:
    """A zip holding one CSV, byte-identical across runs (fixed timestamp, no compression)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, csv_bytes(df))


N_TRAIN_SENTENCES, N_TEST_SENTENCES = 5000, 500


def generate(raw: Path) -> None:
    train = corpus(N_TRAIN_SENTENCES, seed=0)
    test = corpus(N_TEST_SENTENCES, seed=1)  # Kaggle's stage-2 test: unlabelled, never graded
    write_zip(train, raw / "en_train.csv.zip", "en_train.csv")
    write_zip(test[["sentence_id", "token_id", "before"]], raw / "en_test_2.csv.zip", "en_test_2.csv")
    ids = test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)
    write_zip(pd.DataFrame({"id": ids, "after": test["before"]}), raw / "en_sample_submission_2.csv.zip",
              "en_sample_submission_2.csv")


# --- the ceiling ---------------------------------------------------------------------------------


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The best readings knowable: every test token's canonical reading, as the normaliser wrote it
    before the annotation noise (an alternative reading is drawn for 2% of the tokens, at random, so no
    system can foresee it). The test sentences are found again as prepare.py splits them: 10% of the
    sentence ids (seed 0), renumbered in their original order."""
    from sklearn.model_selection import train_test_split

    from mlebench.offline.common import SEED

    truth = corpus(N_TRAIN_SENTENCES, seed=0, noise=False)
    _, test_ids = train_test_split(truth["sentence_id"].unique(), test_size=0.1, random_state=SEED)
    test = truth[truth["sentence_id"].isin(test_ids)]
    renumbered = test["sentence_id"].map({old: new for new, old in enumerate(test["sentence_id"].unique())})
    readings = pd.Series(test["after"].to_numpy(),
                         index=renumbered.astype(str).to_numpy() + "_" + test["token_id"].astype(str).to_numpy())
    return pd.DataFrame({"id": answers["id"], "after": readings.loc[answers["id"].astype(str)].to_numpy()})
