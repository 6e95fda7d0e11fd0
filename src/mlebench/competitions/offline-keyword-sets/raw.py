"""Raw files laid out like facebook-recruiting-iii-keyword-extraction's download: ``Train.zip``
holding ``Train.csv`` (every field quoted; Id from 1, Title, Body as HTML, Tags: lower-case tags
separated by spaces, such as ``c# asp.net``). The unlabelled ``Test.zip`` is not written (nothing
reads it).

Noise process (seed 0): 30 tags, each with its own prior (from 2 % to 25 %) and its own vocabulary
of twelve keywords. A post's tags are drawn independently (drawn again if none came up). Its
text is filler plus, for every tag, a Poisson number of that tag's keywords: 3 on average for a
tag of the post, 0.3 for any other tag (off-topic mentions). The title names a tag of the post with
probability 0.35 and any other tag with probability 0.02. So each tag's evidence is its keyword
count and its title mention, and the exact probability of every tag given the text is known.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import poisson

from mlebench.offline.common import write_zip

N_POSTS = 8000
RATE_ON, RATE_OFF = 3.0, 0.3  # keywords of a tag per post: with the tag, without it
TITLE_ON, TITLE_OFF = 0.35, 0.02  # probability that the title names a tag: with it, without it
TAGS = ["javascript", "java", "c#", "php", "android", "jquery", "python", "html", "c++", "ios", "mysql", "css",
        "sql", "asp.net", "node.js", "regex", "linux", "git", "excel", "pandas", "django", "reactjs", "json",
        "ajax", "arrays", "bash", "docker", "spring", "angular", "numpy"]
SYLLABLES = ["ka", "lo", "mi", "ter", "vex", "dra", "pon", "sil", "ur", "bex", "tho", "gam", "rin", "quo", "zel",
             "fa", "nor", "wip", "dus", "cle"]
FILLER = ("how to get the a in my when i is not working with from using can error value list file "
          "function return does why but this it code trying problem data new set after way all "
          "would like something help please find make each only what".split())


def _vocabularies(r: np.random.Generator) -> list[list[str]]:
    words: set[str] = set()
    vocab = []
    for _ in TAGS:
        mine = []
        while len(mine) < 12:
            w = "".join(r.choice(SYLLABLES, size=int(r.integers(2, 4))))
            if w not in words:
                words.add(w)
                mine.append(w)
        vocab.append(mine)
    return vocab


def _priors() -> np.ndarray:
    return 0.25 * (np.arange(1, len(TAGS) + 1) ** -0.75)


def simulate() -> pd.DataFrame:
    """Every post with its keyword counts and title mentions per tag (the evidence; never written)."""
    r = np.random.default_rng(0)
    vocab, prior = _vocabularies(r), _priors()
    rows = []
    for post in range(1, N_POSTS + 1):
        tags = r.random(len(TAGS)) < prior
        while not tags.any():
            tags = r.random(len(TAGS)) < prior
        counts = r.poisson(np.where(tags, RATE_ON, RATE_OFF))
        named = r.random(len(TAGS)) < np.where(tags, TITLE_ON, TITLE_OFF)
        words = [vocab[t][int(r.integers(12))] for t in range(len(TAGS)) for _ in range(counts[t])]
        words += [FILLER[int(i)] for i in r.integers(0, len(FILLER), size=8 + r.poisson(12))]
        words = [words[i] for i in r.permutation(len(words))]
        title_words = [FILLER[int(i)] for i in r.integers(0, len(FILLER), size=4 + r.poisson(3))]
        for t in np.flatnonzero(named):
            title_words.insert(int(r.integers(len(title_words) + 1)), TAGS[t])
        cut = len(words) // 2
        body = f"<p>{' '.join(words[:cut])}.</p>\n\n<p>{' '.join(words[cut:])}?</p>\n"
        rows.append({"Id": post, "Title": " ".join(title_words).capitalize() + "?", "Body": body,
                     "Tags": " ".join(TAGS[t] for t in np.flatnonzero(tags)),
                     "counts": counts, "named": named})
    return pd.DataFrame(rows)


def generate(raw: Path) -> None:
    df = simulate()[["Id", "Title", "Body", "Tags"]]
    text = io.StringIO()
    df.to_csv(text, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    write_zip(raw / "Train.zip", [("Train.csv", text.getvalue().encode())])


def tag_probabilities(counts: np.ndarray, named: np.ndarray) -> np.ndarray:
    """P(tag | text) for (posts, tags) evidence: independent tags, given that a post has at least one."""
    prior = _priors()
    odds = (prior / (1 - prior) * poisson.pmf(counts, RATE_ON) / poisson.pmf(counts, RATE_OFF)
            * np.where(named, TITLE_ON / TITLE_OFF, (1 - TITLE_ON) / (1 - TITLE_OFF)))
    p = odds / (1 + odds)
    return p / (1 - np.prod(1 - p, axis=1, keepdims=True))


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The tags whose exact probability given the text is above the threshold (0.05-0.95) with the
    best micro F1 on these answers."""
    from mlebench.grading.metrics import micro_f1_item_sets

    truth = simulate().set_index("Id").loc[answers["Id"].astype(int)]
    p = tag_probabilities(np.stack(truth["counts"]), np.stack(truth["named"]))
    actual = [str(t).split() for t in answers["Tags"]]

    def tags(threshold: float) -> list[str]:
        return [" ".join(TAGS[t] for t in np.flatnonzero(row > threshold)) for row in p]

    best = max(np.arange(0.05, 0.96, 0.01), key=lambda th: micro_f1_item_sets(actual, [s.split() for s in tags(th)]))
    return pd.DataFrame({"Id": answers["Id"].to_numpy(), "Tags": tags(best)})
