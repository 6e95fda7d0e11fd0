"""Raw files laid out like jigsaw-toxic-comment-classification-challenge's download (train.csv,
test.csv, test_labels.csv with ``-1`` rows that are not scored, sample_submission.csv; 16-hex ids).

The comments are harmless and synthetic: short talk-page remarks about editing an encyclopedia,
built from templates and neutral word lists. Nothing in them is abusive. Each of the six labels is
signalled by its own vocabulary of *made-up* stand-in words built from nonsense syllables and a
label-specific affix (``toxic`` words end in "-ix", ``obscene`` words start with "fl", ``insult``
words end in "-wump", ``threat`` is "I will <made-up verb ending in -ize> you",
``identity_hate`` by a stand-in word next to an invented group name, ``severe_toxic`` by shouted
repetitions and intensifiers), so a model must learn which tokens matter from the training data.

Noise process (seed 0): labels follow a hierarchy (``toxic`` first, the others mostly among toxic
comments, as in the real data); a positive label shows its own words only with probability 0.9 and
a varying number of times; neutral comments sometimes quote or negate a stand-in word ("please do
not write <word> here") and mention the invented groups in a neutral way; the vocabularies overlap
(an insult word can appear in an obscene comment); the vocabularies are large, so many words of the
test set are never seen in training, and neutral comments carry made-up names that look alike; 5% of the positive label cells become negative and 0.3% of the negative ones positive.
The comment texts use Python's ``random.Random(0)``, the labels numpy's generator.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import opaque_ids, write_csv

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
N_TRAIN, N_TEST = 8000, 4000
UNSCORED_FRACTION = 0.4  # test rows Kaggle never scored; their labels are -1

SYLLABLES = ["bla", "gru", "mo", "snor", "tri", "pef", "qui", "dor", "ka", "vel", "zu", "rin", "po", "lem", "sa",
             "tor", "wi", "nek", "fa", "gi", "ul", "bri", "ost", "hap"]


def _vocab(seed: int, affix: str, n: int, *, prefix: bool = False) -> list[str]:
    """``n`` made-up words of two or three syllables marked by a label-specific ``affix``."""
    r = random.Random(seed)
    words: list[str] = []
    while len(words) < n:
        stem = "".join(r.choice(SYLLABLES) for _ in range(r.randrange(2, 4)))
        w = affix + stem if prefix else stem + affix
        if w not in words:
            words.append(w)
    return words


# made-up stand-in vocabularies, one per label; many words are rare, so the affixes matter
TOXIC = _vocab(1, "ix", 150)
OBSCENE = _vocab(2, "fl", 120, prefix=True)
INSULT = _vocab(3, "wump", 120)
THREAT_VERBS = _vocab(4, "ize", 60)
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
    "Thanks for your work on the article about {topic}.",
    "The {noun} still needs a {source}, in my opinion.",
    "I think the {noun} about {topic} should be {verb}.",
    "Please discuss changes to the {noun} here before editing.",
    "Is there a {source} that confirms the date?",
    "The {noun} was {verb} yesterday, see the history page.",
    "I disagree with removing the {noun}, it explains {topic} well.",
    "Maybe we can merge this with the page on {topic}.",
    "Welcome, and please sign your comments on talk pages.",
    "The {noun} looks fine to me now.",
]
QUOTES = ["please do not write {w} here.", "someone wrote {w} in the {noun}, I removed it.",
          "what does {w} even mean?", "the word {w} is not allowed on this page."]
GROUP_NEUTRAL = ["The {g} festival is described in the {noun}.", "Many {g} live near {topic}.",
                 "The {noun} on {g} history needs a {source}."]


def _sentence(r: random.Random, template: str, **extra: str) -> str:
    fill = {"verb": r.choice(VERBS), "noun": r.choice(NOUNS), "topic": r.choice(TOPICS), "source": r.choice(SOURCES),
            "g": r.choice(GROUPS), "name": r.choice(NAMES).capitalize(), **extra}
    return template.format(**fill)


def _labels(r: np.random.Generator, n: int) -> np.ndarray:
    y = np.zeros((n, 6), dtype=int)
    toxic = r.random(n) < 0.13
    y[:, 0] = toxic
    among_toxic = {1: 0.16, 2: 0.5, 3: 0.12, 4: 0.45, 5: 0.15}
    among_clean = {1: 0.0, 2: 0.01, 3: 0.002, 4: 0.01, 5: 0.002}
    for j in range(1, 6):
        p = np.where(toxic, among_toxic[j], among_clean[j])
        y[:, j] = r.random(n) < p
    return y


def _comment(r: random.Random, y: np.ndarray) -> str:
    parts = [_sentence(r, r.choice(NEUTRAL)) for _ in range(r.randrange(1, 4))]
    if r.random() < 0.06:
        parts.append(_sentence(r, r.choice(GROUP_NEUTRAL)))
    if r.random() < 0.05:  # a clean mention of a stand-in word
        parts.append(_sentence(r, r.choice(QUOTES), w=r.choice(TOXIC + OBSCENE + INSULT)))
    loud = bool(y[1])

    def words(vocab: list[str], k: int) -> str:
        ws = [r.choice(vocab) for _ in range(k)]
        if loud:
            ws = [w.upper() for w in ws] + [r.choice(INTENSIFIERS)] * int(r.randrange(1, 3))
        return " ".join(ws)

    def shown() -> bool:
        return r.random() < 0.9

    extra: list[str] = []
    if y[0] and shown():
        extra.append(f"This is {words(TOXIC, int(r.randrange(1, 3)))}.")
    if y[2] and shown():
        extra.append(f"What {words(OBSCENE + INSULT[:2], int(r.randrange(1, 3)))} edits.")
    if y[4] and shown():
        extra.append(f"You are a {words(INSULT + TOXIC[:2], int(r.randrange(1, 3)))}.")
    if y[3] and shown():
        extra.append(f"I will {r.choice(THREAT_VERBS)} you if you revert this again.")
    if y[5] and shown():
        extra.append(f"All {r.choice(GROUPS)} are {words(TOXIC + INSULT, 1)}.")
    if loud and r.random() < 0.8:
        extra.append(" ".join([r.choice(INTENSIFIERS).upper()] * int(r.randrange(2, 5))) + "!")
    for s in extra:
        parts.insert(int(r.randrange(0, len(parts) + 1)), s)
    return " ".join(parts)


def generate(raw: Path) -> None:
    r = np.random.default_rng(0)
    n = N_TRAIN + N_TEST
    clean = _labels(r, n)
    text_rng = random.Random(0)
    text = [_comment(text_rng, row) for row in clean]
    u = r.random(clean.shape)
    noisy = np.where(clean == 1, (u >= 0.05).astype(int), (u < 0.003).astype(int))
    ids = opaque_ids(n, seed=1, width=16)
    df = pd.DataFrame({"id": ids, "comment_text": text, **{c: noisy[:, j] for j, c in enumerate(LABELS)}})
    train, test = df.iloc[:N_TRAIN], df.iloc[N_TRAIN:].reset_index(drop=True)
    write_csv(train, raw / "train.csv")
    write_csv(test[["id", "comment_text"]], raw / "test.csv")
    labels = test[["id", *LABELS]].copy()
    unscored = r.random(len(labels)) < UNSCORED_FRACTION
    labels.loc[unscored, LABELS] = -1
    write_csv(labels, raw / "test_labels.csv")
    write_csv(pd.DataFrame({"id": test["id"], **{c: 0.5 for c in LABELS}}), raw / "sample_submission.csv")
