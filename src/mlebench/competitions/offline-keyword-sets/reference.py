"""Reference solutions for offline-keyword-sets: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``Id``,
``Tags`` space-separated). The panel is a grid: text used (title; body; both) x one-vs-rest model
per tag (logistic regression at three strengths, Bernoulli naive Bayes) x the share of the
training posts used (5 %, 20 %, all; the first rows of one fixed shuffle) x how tag probabilities
become a tag set (above 0.5; above 0.3; the two likeliest), plus constant and title-mention
baselines, nearest-neighbour tag votes and blends. All deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import BernoulliNB
from sklearn.preprocessing import MultiLabelBinarizer

from mlebench.offline import grid
from mlebench.offline.panel import Solution
from mlebench.registry import load_competition_module


TOKENS = r"[\w#+.\-]*\w[#+]*"  # keeps c#, c++, node.js, asp.net whole
TEXTS = {"title": ["Title"], "body": ["Body"], "title+body": ["Title", "Body"]}
MODELS: dict[str, Callable] = {
    "logreg-C0.1": lambda: LogisticRegression(C=0.1, max_iter=1000),
    "logreg-C1": lambda: LogisticRegression(C=1.0, max_iter=1000),
    "logreg-C10": lambda: LogisticRegression(C=10.0, max_iter=1000),
    "bernoulli-nb": lambda: BernoulliNB(alpha=0.5),
}
RULES = ("above0.5", "above0.3", "top2")


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype={"Id": str, "Tags": str}, keep_default_na=False)  # noqa: E731
    return read("train.csv"), read("test.csv")


@lru_cache(maxsize=4)
def _train(public: Path, fraction: float) -> pd.DataFrame:
    return grid.first_share(_load(public)[0], fraction)


def _joined(df: pd.DataFrame, text: str) -> pd.Series:
    return df[TEXTS[text]].agg(" ".join, axis=1).str.lower()


@lru_cache(maxsize=64)
def _probabilities(public: Path, text: str, model: str, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """(test posts x tags probabilities, the tags) of one-vs-rest ``model`` on ``text``."""
    train, test = _train(public, fraction), _load(public)[1]
    vec = TfidfVectorizer(token_pattern=TOKENS, sublinear_tf=True, min_df=2)
    x, xt = vec.fit_transform(_joined(train, text)), vec.transform(_joined(test, text))
    binarizer = MultiLabelBinarizer()
    y = binarizer.fit_transform(train["Tags"].str.split())
    p = np.zeros((xt.shape[0], y.shape[1]))
    for j in range(y.shape[1]):
        if y[:, j].min() == y[:, j].max():  # a tag every (or no) training post has
            p[:, j] = y[0, j]
            continue
        p[:, j] = MODELS[model]().fit(x, y[:, j]).predict_proba(xt)[:, 1]
    return p, binarizer.classes_


def _tag_sets(p: np.ndarray, tags: np.ndarray, rule: str) -> list[str]:
    if rule == "top2":
        chosen = np.argsort(-p, axis=1, kind="stable")[:, :2]
        return [" ".join(tags[row]) for row in chosen]
    threshold = float(rule.removeprefix("above"))
    return [" ".join(tags[row > threshold]) for row in p]


def _submit(public: Path, tags: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"Id": _load(public)[1]["Id"].to_numpy(), "Tags": tags})


def _model(text: str, model: str, fraction: float, rule: str) -> Solution:
    return lambda public: _submit(public, _tag_sets(*_probabilities(public, text, model, fraction), rule))


def _blend(*models: str, rule: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        runs = [_probabilities(public, "title+body", m, 1.0) for m in models]
        return _submit(public, _tag_sets(np.mean([p for p, _ in runs], axis=0), runs[0][1], rule))

    return run


def _knn(k: int) -> Solution:
    """Tags held by at least half of the k most similar training posts (cosine on TF-IDF, stable ties)."""

    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        vec = TfidfVectorizer(token_pattern=TOKENS, sublinear_tf=True, min_df=2)
        x, xt = vec.fit_transform(_joined(train, "title+body")), vec.transform(_joined(test, "title+body"))
        binarizer = MultiLabelBinarizer()
        y = binarizer.fit_transform(train["Tags"].str.split())
        votes = np.zeros((xt.shape[0], y.shape[1]))
        for start in range(0, xt.shape[0], 500):
            sim = (xt[start:start + 500] @ x.T).toarray()
            nearest = np.argsort(-sim, axis=1, kind="stable")[:, :k]
            votes[start:start + 500] = y[nearest].mean(axis=1)
        return _submit(public, _tag_sets(votes, binarizer.classes_, "above0.5"))

    return run


def _most_frequent(n: int) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        top = train["Tags"].str.split().explode().value_counts().sort_index().sort_values(ascending=False, kind="stable")
        return _submit(public, [" ".join(top.index[:n])] * len(test))

    return run


def sample_tags(public: Path) -> pd.DataFrame:
    return _submit(public, ["javascript c# python php java"] * len(_load(public)[1]))


def title_mentions(public: Path) -> pd.DataFrame:
    """The known tags named in the title (none when none is)."""
    train, test = _load(public)
    known = set(train["Tags"].str.split().explode())
    return _submit(public, [" ".join(sorted(known & set(t.lower().rstrip("?").split()))) for t in test["Title"]])


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [
        ("sample-tags", sample_tags), ("title-mentions", title_mentions),
        *((f"most-frequent-{n}", _most_frequent(n)) for n in (1, 2, 3)),
    ]
    for share, f in grid.FRACTIONS.items():
        for text in TEXTS:
            for model in MODELS:
                for rule in RULES:
                    panel.append((f"{model}-{text}-{rule}-{share}", _model(text, model, f, rule)))
    panel += [(f"knn{k}-title+body", _knn(k)) for k in (5, 15, 45)]
    panel += [
        ("blend-logreg-C1-C10-above0.3", _blend("logreg-C1", "logreg-C10", rule="above0.3")),
        ("blend-logreg-C10-nb-above0.3", _blend("logreg-C10", "bernoulli-nb", rule="above0.3")),
        ("blend-logreg-C1-C10-nb-above0.4", _blend("logreg-C1", "logreg-C10", "bernoulli-nb", rule="above0.4")),
    ]
    return grid.checked(panel)
