"""Raw files laid out like chaii-hindi-and-tamil-question-answering's download: ``train.csv`` (id: 9
hex digits, context, question, answer_text, answer_start: the answer's character offset in the
context, language). Kaggle's unlabelled ``test.csv`` is not written (nothing reads it).

Noise process (seed 0): a context is four to eight sentences about three to five invented people.
Each sentence states one fact (birthplace, home, trade, a move to a place in a year, a belonging, a
friend) in one of several paraphrases. The question asks for one fact of one person (the subject)
in words of its own. The context also holds hard distractors: the same fact about people who share
the subject's first or last name, other facts about the subject (another place, another year), a
denied fact ("... never lived in X"), and, in a third of the contexts, the answer sentence names
the subject only by a pronoun right after another sentence about them. The span is the slot of
the answer sentence. Irreducible noise: 12 % of the recorded answers are annotated loosely (one
word more on either side, or one word fewer of a two-word answer), so even the true span does
not score 1.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import opaque_ids, write_csv

N_QUESTIONS = 8000
LOOSE = 0.12  # share of answers annotated one word too wide or too narrow
PRONOUN = 0.33  # share of contexts whose answer sentence names the subject by a pronoun
DENIED = 0.35  # share of contexts with a denied fact about the subject
SYLLABLES = ["ar", "bel", "cor", "dan", "el", "fen", "gar", "hol", "is", "jor", "kel", "lin", "mar", "nor",
             "os", "per", "quin", "ras", "sel", "tor", "ul", "ven", "wil", "yar", "zan"]
JOBS = ["baker", "weaver", "ship captain", "glass blower", "river pilot", "clock maker", "map maker",
        "night watchman", "bee keeper", "stone mason", "school teacher", "harbour master", "lamp lighter",
        "fur trader", "tea merchant", "potter", "tailor", "rope maker", "bookbinder", "salt miner"]
COLOURS = ["red", "green", "silver", "copper", "black", "white", "golden", "blue", "painted", "carved"]
THINGS = ["lantern", "violin", "compass", "telescope", "sailboat", "clock", "harp", "saddle", "chess set",
          "music box", "spinning wheel", "rowing boat"]
PLACE_FORMS = ["{}", "Port {}", "{} Bay", "Upper {}", "{} Hills", "Lake {}"]

# Statement paraphrases per relation; {S} the person, {A} the answer slot, {B} a second slot.
STATEMENTS = {
    "birthplace": ["{S} was born in {A}.", "{S} came into the world in {A}.", "The birthplace of {S} is {A}.",
                   "{S} spent a childhood in {A}."],
    "home": ["{S} lives in {A}.", "{S} has settled in {A}.", "These days {S} makes a home in {A}.",
             "{S} resides in {A}."],
    "job": ["{S} works as a {A}.", "{S} earns a living as a {A}.", "By trade {S} is a {A}.",
            "{S} trained as a {A}."],
    "moved_to": ["{S} moved to {A} in {B}.", "In {B} {S} relocated to {A}.", "{S} left for {A} in {B}."],
    "moved_in": ["{S} moved to {B} in {A}.", "In {A} {S} relocated to {B}.", "{S} left for {B} in {A}."],
    "owns": ["{S} owns a {A}.", "{S} keeps a {A} at home.", "Among the belongings of {S} is a {A}.",
             "{S} bought a {A}."],
    "friend": ["{S} is a close friend of {A}.", "{S} often visits {A}.", "{A} and {S} are old companions."],
}
DENIALS = {
    "birthplace": ["{S} was not born in {A}."], "home": ["{S} never lived in {A}."],
    "job": ["{S} never worked as a {A}."], "moved_to": ["{S} never moved to {A} in {B}."],
    "moved_in": ["{S} never moved to {B} in {A}."], "owns": ["{S} does not own a {A}."],
    "friend": ["{S} has never met {A}."],
}
QUESTIONS = {
    "birthplace": ["Where was {S} born?", "What is the home town of {S}?", "Which place did {S} come from?"],
    "home": ["Where does {S} live now?", "Which place is home to {S} today?", "Where is {S} living?"],
    "job": ["What does {S} do for a living?", "What is the profession of {S}?", "Which trade does {S} follow?"],
    "moved_to": ["To which place did {S} move?", "Where did {S} relocate?", "What destination did {S} leave for?"],
    "moved_in": ["In which year did {S} move?", "When did {S} relocate?", "What year did {S} leave home?"],
    "owns": ["What does {S} own?", "Which item belongs to {S}?", "What object does {S} possess?"],
    "friend": ["Who is a friend of {S}?", "Whom does {S} keep company with?", "Who is close to {S}?"],
}
RELATIONS = sorted(STATEMENTS)
SLOT = re.compile(r"(\{[SAB]\})")


def _words(r: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        w = "".join(r.choice(SYLLABLES, size=int(r.integers(2, 4)))).capitalize()
        if w not in taken:
            taken.add(w)
            out.append(w)
    return out


def _vocabulary(r: np.random.Generator) -> dict[str, list[str]]:
    taken: set[str] = set()
    firsts, lasts, places = _words(r, 40, taken), _words(r, 40, taken), _words(r, 60, taken)
    return {"he": firsts[:20], "she": firsts[20:], "last": lasts,
            "place": [PLACE_FORMS[i % len(PLACE_FORMS)].format(w) for i, w in enumerate(places)],
            "job": JOBS, "thing": [f"{c} {t}" for c in COLOURS for t in THINGS]}


def _value(kind: str, r: np.random.Generator, v: dict, people: list[str]) -> str:
    if kind == "year":
        return str(int(r.integers(1750, 1990)))
    if kind == "person":
        return people[int(r.integers(len(people)))]
    return v[kind][int(r.integers(len(v[kind])))]


KIND = {"birthplace": ("place", None), "home": ("place", None), "job": ("job", None),
        "moved_to": ("place", "year"), "moved_in": ("year", "place"), "owns": ("thing", None),
        "friend": ("person", None)}


def _fill(template: str, fields: dict[str, str]) -> tuple[str, tuple[int, int]]:
    """The sentence and the character span of its {A} slot."""
    text, span = "", (0, 0)
    for piece in SLOT.split(template):
        if piece == "{A}":
            span = (len(text), len(text) + len(fields["A"]))
        text += fields[piece[1:-1]] if SLOT.fullmatch(piece) else piece
    return text[0].upper() + text[1:], span


def _loose(context: str, start: int, end: int, r: np.random.Generator) -> tuple[int, int]:
    """One word more on the left or right, or one word fewer of a multi-word answer."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", context)]
    first = next(i for i, (a, _) in enumerate(words) if a == start)
    last = next(i for i, (_, b) in enumerate(words) if b >= end)
    moves = [m for m, ok in (("left", first > 0), ("right", last + 1 < len(words)),
                             ("trim", last > first)) if ok]
    move = moves[int(r.integers(len(moves)))]
    if move == "left":
        return words[first - 1][0], end
    if move == "right":
        return start, words[last + 1][1]
    return (words[first + 1][0], end) if r.random() < 0.5 else (start, words[last - 1][1])


def _example(r: np.random.Generator, v: dict) -> dict:
    n_people = int(r.integers(3, 6))
    gender = [bool(r.random() < 0.5) for _ in range(n_people)]
    gender[1] = gender[0]
    people: list[str] = []
    for i in range(n_people):  # distinct names; 1 shares the subject's first name, 2 the surname
        while True:
            first = v["he" if gender[i] else "she"][int(r.integers(20))]
            last = v["last"][int(r.integers(len(v["last"])))]
            first = people[0].split()[0] if i == 1 else first
            last = people[0].split()[1] if i == 2 else last
            if f"{first} {last}" not in people:
                break
        people.append(f"{first} {last}")
    subject, relation = people[0], RELATIONS[int(r.integers(len(RELATIONS)))]
    strangers = [f"{v['he'][int(r.integers(20))]} {v['last'][int(r.integers(len(v['last'])))]}" for _ in range(3)]

    def fact(person: str, rel: str, answer: str | None = None, denied: bool = False) -> dict:
        kind_a, kind_b = KIND[rel]
        others = [p for p in people + strangers if p != person]
        fields = {"S": person, "A": answer or _value(kind_a, r, v, others)}
        if kind_b:
            fields["B"] = _value(kind_b, r, v, others)
        pool = (DENIALS if denied else STATEMENTS)[rel]
        return {"person": person, "rel": rel, "fields": fields, "template": pool[int(r.integers(len(pool)))]}

    answer = fact(subject, relation)
    facts = [answer]
    facts += [fact(p, relation) for p in people[1:3]]  # the same fact of the near misses
    others = [rel for rel in RELATIONS if rel != relation and {rel, relation} != {"moved_to", "moved_in"}]
    own = sorted(others, key=lambda rel: KIND[rel][0] != KIND[relation][0])  # same kind of answer first
    facts += [fact(subject, rel) for rel in own[: int(r.integers(1, 3))]]  # other facts of the subject
    if r.random() < DENIED:
        denial = fact(subject, relation, denied=True)
        while denial["fields"]["A"] == answer["fields"]["A"]:
            denial = fact(subject, relation, denied=True)
        facts.append(denial)
    facts += [fact(p, RELATIONS[int(r.integers(len(RELATIONS)))]) for p in people[3:]]
    order = [facts[i] for i in r.permutation(len(facts))]
    pronoun = r.random() < PRONOUN and answer["template"].startswith("{S}")
    if pronoun:  # the answer sentence follows another sentence about the subject and names them by pronoun
        order.remove(answer)
        before = next(i for i, f in enumerate(order) if f["person"] == subject and f["rel"] != relation)
        order.insert(before + 1, answer)
    context, sentences = "", []
    for f in order:
        fields = dict(f["fields"])
        if f is answer and pronoun:
            fields["S"] = "he" if gender[0] else "she"
        text, (a, b) = _fill(f["template"], fields)
        if f is answer:
            start, end = len(context) + a, len(context) + b
        context += text + " "
        sentences.append(text)
    context = context.rstrip()
    q = QUESTIONS[relation]
    question = q[int(r.integers(len(q)))].format(S=subject)
    noted = _loose(context, start, end, r) if r.random() < LOOSE else (start, end)
    return {"context": context, "question": question, "answer_start": noted[0],
            "answer_text": context[noted[0]:noted[1]], "true_span": context[start:end],
            "relation": relation, "pronoun": pronoun}


def simulate() -> pd.DataFrame:
    """Every question with its true span (the truth; never written) and its annotated answer."""
    r = np.random.default_rng(0)
    v = _vocabulary(r)
    df = pd.DataFrame([_example(r, v) for _ in range(N_QUESTIONS)])
    df.insert(0, "id", opaque_ids(N_QUESTIONS, seed=1, width=9))
    df["language"] = "synthetic"
    return df


def generate(raw: Path) -> None:
    df = simulate()
    write_csv(df[["id", "context", "question", "answer_text", "answer_start", "language"]], raw / "train.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The true span of every question: only the loose annotations are missed."""
    truth = simulate().set_index("id").loc[answers["id"].astype(str), "true_span"]
    return pd.DataFrame({"id": answers["id"].to_numpy(), "PredictionString": truth.to_numpy()})
