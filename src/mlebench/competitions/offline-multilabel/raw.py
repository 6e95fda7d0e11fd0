"""Raw files laid out like jigsaw-toxic-comment-classification-challenge's download (train.csv,
test.csv, test_labels.csv with ``-1`` rows that are not scored, sample_submission.csv; 16-hex ids).

The comments are harmless and synthetic: short talk-page remarks about editing an encyclopedia,
built from templates and neutral word lists. Nothing in them is abusive. Hostility is written with
*made-up* stand-in words built from nonsense syllables and a family affix (general hostile words end
in "-ix", insulting nouns end in "-wump", obscene words start with "fl"), invented group names,
invented verbs ending in "-ize" and invented intensifiers starting with "mega".

Generating process (seed 0). Each comment is first drawn as *content*: a number of hostile word
uses, each with its word (drawn Zipf-like from its family, so many words are rare or unseen in
training; every word has its own strength) and its context: aimed at the reader ("you ..."), at the
edit, at an invented group, or only quoted by a neutral comment ("please do not write ... here");
shouting; a threat ("I will <verb> you") or the same verbs used harmlessly ("I will <verb> the
table"); neutral mentions of the groups. The six labels are then drawn independently, each with its
own probability, a logistic function of that content with interactions: ``insult`` rises with
hostile words aimed at the reader, ``identity_hate`` with hostile words next to a group,
``severe_toxic`` with strength times shouting, ``threat`` with a verb aimed at the reader, quoted
words barely count. Those probabilities (``simulate()``'s ``p_<label>`` columns) are the truth the
ceiling uses; the text shows the content almost fully, so a model's task is to learn the function.
The comment texts use Python's ``random.Random(0)``, everything else numpy's generator.
"""

from __future__ import annotations

import bisect
import itertools
import random
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import write_csv

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
N_TRAIN, N_TEST = 10000, 20000
UNSCORED_FRACTION = 0.4  # test rows Kaggle never scored; their labels are -1

SYLLABLES = ["bla", "gru", "mo", "snor", "tri", "pef", "qui", "dor", "ka", "vel", "zu", "rin", "po", "lem", "sa",
             "tor", "wi", "nek", "fa", "gi", "ul", "bri", "ost", "hap"]


def _vocab(seed: int, affix: str, n: int, *, prefix: bool = False) -> list[str]:
    """``n`` made-up words of two or three syllables marked by a family ``affix``."""
    r = random.Random(seed)
    words: list[str] = []
    while len(words) < n:
        stem = "".join(r.choice(SYLLABLES) for _ in range(r.randrange(2, 4)))
        w = affix + stem if prefix else stem + affix
        if w not in words:
            words.append(w)
    return words


# hostile stand-in families: general, insulting nouns, obscene; each word with its own strength
FAMILIES = {"ix": _vocab(1, "ix", 160), "wump": _vocab(3, "wump", 120), "fl": _vocab(2, "fl", 120, prefix=True)}
FAMILY_SHARE = {"ix": 0.5, "wump": 0.25, "fl": 0.25}
STRENGTH = {f: np.exp(np.random.default_rng(10 + k).normal(-0.3, 0.6, len(ws))).tolist() for k, (f, ws) in
            enumerate(FAMILIES.items())}
VERBS_MADE_UP = _vocab(4, "ize", 60)
GROUPS = ["Quuxians", "Zentorians", "Morbloks", "Pellinites"]
INTENSIFIERS = _vocab(5, "mega", 30, prefix=True)
# neutral made-up names (people, places) that look like the stand-in words
NAMES = _vocab(6, "ton", 150) + _vocab(7, "ia", 150) + _vocab(8, "ex", 100)

TOPICS = ["the river delta", "medieval castles", "the railway network", "a jazz pianist", "the local football club",
          "volcanic islands", "the history of printing", "orchid species", "a 19th century novel", "the city council",
          "solar panels", "the national park", "a chess opening", "the bridge design", "migratory birds",
          "the school library", "a famous painting", "the mountain pass", "early computers", "the harbour"]
NOUNS = ["section", "paragraph", "infobox", "reference", "citation", "image caption", "lead", "table", "category",
         "external link", "timeline", "footnote"]
VERBS = ["rewritten", "expanded", "trimmed", "moved", "restored", "checked", "reformatted", "merged", "cleaned up"]
SOURCES = ["book", "newspaper article", "reliable source", "journal paper", "archived page", "official report"]
NEUTRAL = [
    "I have {verb} the {noun} about {topic}.",
    "The {noun} about {name} was {verb}.",
    "{name} is mentioned in the {noun} about {topic}.",
    "Could you add a {source} for the {noun} on {topic}?",
    "Thank you for your work on the article about {topic}.",
    "The {noun} still needs a {source}, in my opinion.",
    "I think the {noun} about {topic} should be {verb}.",
    "Please discuss changes to the {noun} here before editing.",
    "Is there a {source} that confirms the date?",
    "The {noun} was {verb} yesterday, see the history page.",
    "I disagree with removing the {noun}, it explains {topic} well.",
    "Maybe we can merge this with the page on {topic}.",
    "Welcome, and please sign your comments on talk pages.",
    "The {noun} looks fine to me now.",
    "Did you see that the {noun} was {verb}?",
    "If you revert this again, please explain why on the talk page.",
]
# where a hostile word is used: aimed at the reader, at the edit, at a group, or only quoted
CONTEXTS = {
    "you": ["You are a {w}.", "you {w}!", "Go away, you {w}.", "Nobody wants you here, {w}.", "You {w} again."],
    "edit": ["This edit is {w}.", "What a {w} change to the {noun}.", "The {noun} is {w} now.",
             "Such {w} edits again."],
    "group": ["All {g} are {w}.", "{g} are {w}, everyone knows it.", "Typical {g}, so {w}.", "The {g} are {w}."],
    "quote": ["please do not write {w} here.", "someone wrote {w} in the {noun}, I removed it.",
              "what does {w} even mean?", "the word {w} is not allowed on this page."],
}
CONTEXT_SHARE = {"you": 0.4, "edit": 0.4, "group": 0.2}
CONTEXT_NAMES, CONTEXT_CUM = list(CONTEXT_SHARE), list(itertools.accumulate(CONTEXT_SHARE.values()))
GROUP_NEUTRAL = ["The {g} festival is described in the {noun}.", "Many {g} live near {topic}.",
                 "The {noun} on {g} history needs a {source}.", "The {g} are mentioned in the {noun}."]
THREATS = ["I will {v} you if you revert this again.", "Watch out, I will {v} you.", "I will find you and {v} you."]
HARMLESS_VERBS = ["I will {v} the {noun} tomorrow.", "Next week I will {v} the {noun} about {topic}.",
                  "I will {v} this {noun} if nobody objects."]

P_HOSTILE = 0.2
P_QUOTE, P_GROUP_NEUTRAL, P_HARMLESS_VERB = 0.08, 0.08, 0.06  # neutral look-alikes, any comment
P_SHOUT, P_THREAT = 0.3, 0.14  # among hostile comments
SHARPNESS = 1.6  # the labels' logits are scaled by this: higher, less label noise


FILLERS = {"verb": VERBS, "noun": NOUNS, "topic": TOPICS, "source": SOURCES, "g": GROUPS, "name": NAMES,
           "v": VERBS_MADE_UP}


class _Fill(dict):
    """A template's slots, each drawn when the template first asks for it."""

    def __init__(self, r: random.Random, **given: str) -> None:
        super().__init__(given)
        self.r = r

    def __missing__(self, key: str) -> str:
        value = self.r.choice(FILLERS[key])
        return value.capitalize() if key == "name" else value


def _sentence(r: random.Random, template: str, **extra: str) -> str:
    text = template.format_map(_Fill(r, **extra))
    return text[0].upper() + text[1:]


def _word(r: random.Random) -> tuple[str, int]:
    """A hostile word's family and index, Zipf-like within the family: the first words common, the
    last ones rare."""
    family = r.choices(FAMILY_NAMES, cum_weights=FAMILY_CUM)[0]
    return family, bisect.bisect_right(ZIPF[family], r.random() * ZIPF[family][-1])


FAMILY_NAMES, FAMILY_CUM = list(FAMILY_SHARE), list(itertools.accumulate(FAMILY_SHARE.values()))
ZIPF = {f: list(itertools.accumulate(1.0 / (k + 4.0) for k in range(len(ws)))) for f, ws in FAMILIES.items()}


def _comment(r: random.Random) -> tuple[str, dict[str, float]]:
    """One comment's text and the content its labels depend on."""
    c = {"all": 0.0, "you": 0.0, "edit": 0.0, "group": 0.0, "fl": 0.0, "quote": 0.0, "shout": 0.0, "threat": 0.0, "uses": 0.0}
    parts = [_sentence(r, r.choice(NEUTRAL)) for _ in range(r.randrange(1, 4))]
    if r.random() < P_GROUP_NEUTRAL:
        parts.append(_sentence(r, r.choice(GROUP_NEUTRAL)))
    if r.random() < P_HARMLESS_VERB:
        parts.append(_sentence(r, r.choice(HARMLESS_VERBS)))
    if r.random() < P_QUOTE:
        family, k = _word(r)
        c["quote"] += float(STRENGTH[family][k])
        parts.append(_sentence(r, r.choice(CONTEXTS["quote"]), w=FAMILIES[family][k]))
    hostile: list[str] = []
    if r.random() < P_HOSTILE:
        shout = r.random() < P_SHOUT
        c["shout"] = float(shout)
        for _ in range(1 + min(int(r.expovariate(1.0)), 3)):
            family, k = _word(r)
            s = float(STRENGTH[family][k])
            where = r.choices(CONTEXT_NAMES, cum_weights=CONTEXT_CUM)[0]
            word = FAMILIES[family][k].upper() if shout else FAMILIES[family][k]
            hostile.append(_sentence(r, r.choice(CONTEXTS[where]), w=word))
            c["all"] += s
            c["uses"] += 1
            c[where] += s
            if family == "fl":
                c["fl"] += s
        if r.random() < P_THREAT:
            c["threat"] = 1.0
            hostile.append(_sentence(r, r.choice(THREATS)))
        if shout:
            hostile.append(" ".join([r.choice(INTENSIFIERS).upper()] * r.randrange(2, 5)) + "!")
    for s in hostile:
        parts.insert(r.randrange(0, len(parts) + 1), s)
    return " ".join(parts), c


def _probabilities(c: pd.DataFrame) -> np.ndarray:
    """Each label's probability given the content (the interactions are the point)."""
    strong = np.minimum(c["all"], 4.0)
    z = np.column_stack([
        -4.0 + 2.2 * c["all"] + 3.0 * c["threat"] + 0.8 * c["shout"] + 0.5 * c["quote"],           # toxic
        -4.3 + 0.6 * c["all"] + 1.4 * c["shout"] * strong + 1.5 * c["threat"],                     # severe_toxic
        -4.0 + 3.0 * c["fl"] + 0.4 * c["all"] + 0.3 * c["quote"],                                   # obscene
        -6.5 + 7.5 * c["threat"] + 0.3 * c["all"],                                                 # threat
        -3.9 + 2.8 * c["you"] + 0.4 * c["all"] + 0.8 * c["threat"],                                # insult
        -4.4 + 3.5 * c["group"] + 0.3 * c["all"],                                                  # identity_hate
    ])
    return 1 / (1 + np.exp(-SHARPNESS * z))


def simulate() -> pd.DataFrame:
    """Every comment (train, then test) with its labels and their true probabilities ``p_<label>``
    (the truth; only id, comment_text and the labels are written)."""
    text_rng = random.Random(0)
    comments = [_comment(text_rng) for _ in range(N_TRAIN + N_TEST)]
    content = pd.DataFrame([c for _, c in comments]).fillna(0.0)
    p = _probabilities(content)
    y = (np.random.default_rng(0).random(p.shape) < p).astype(int)
    ids = [f"{a:08x}{b:08x}" for a, b in np.random.default_rng(1).integers(0, 2**32, size=(len(comments), 2))]
    assert len(set(ids)) == len(ids)
    return pd.DataFrame({"id": ids, "comment_text": [t for t, _ in comments],
                         **{c: y[:, j] for j, c in enumerate(LABELS)},
                         **{f"p_{c}": p[:, j] for j, c in enumerate(LABELS)}})


def generate(raw: Path) -> None:
    df = simulate()
    train, test = df.iloc[:N_TRAIN], df.iloc[N_TRAIN:].reset_index(drop=True)
    write_csv(train[["id", "comment_text", *LABELS]], raw / "train.csv")
    write_csv(test[["id", "comment_text"]], raw / "test.csv")
    labels = test[["id", *LABELS]].copy()
    unscored = np.random.default_rng(2).random(len(labels)) < UNSCORED_FRACTION
    labels.loc[unscored, LABELS] = -1
    write_csv(labels, raw / "test_labels.csv")
    write_csv(pd.DataFrame({"id": test["id"], **{c: 0.5 for c in LABELS}}), raw / "sample_submission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The best predictions knowable: each test comment's true label probabilities."""
    truth = simulate().set_index("id").loc[answers["id"].astype(str)]
    return pd.DataFrame({"id": answers["id"].to_numpy(), **{c: truth[f"p_{c}"].to_numpy() for c in LABELS}})
