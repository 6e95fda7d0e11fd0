"""Reference solutions for offline-pairwise-preference: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``id`` and the
probabilities of ``winner_model_a``, ``winner_model_b``, ``winner_tie``). The panel is a grid:
feature set (lengths; style statistics of both responses and their differences; TF-IDF of
response A minus response B; both) x model (logistic regression, gradient boosting, random
forest, nearest neighbours, naive Bayes) x its main setting x the share of the training battles
used (5 %, 20 %, all; the first rows of one fixed shuffle) x whether the training set is doubled by
swapping A and B ("swap"), plus constant baselines and a few blends. All deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mlebench.offline import grid
from mlebench.offline.panel import Solution
from mlebench.registry import load_competition_module


CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]
HEDGES = "maybe perhaps possibly generally usually might depends honestly basically"


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, keep_default_na=False)  # noqa: E731
    return read("train.csv"), read("test.csv")


@lru_cache(maxsize=4)
def _train(public: Path, fraction: float) -> pd.DataFrame:
    return grid.first_share(_load(public)[0], fraction)


def _text(cells: pd.Series) -> pd.Series:
    return cells.map(lambda c: "\n".join(t or "" for t in json.loads(c)))


def _style(text: pd.Series) -> np.ndarray:
    s = text.str
    n_words = s.split().str.len()
    return np.column_stack([np.log1p(n_words), s.count("\n- "), s.count("sorry"), s.count("example"),
                            s.count("!"), sum(s.count(rf"\b{h}\b") for h in HEDGES.split()) / (1 + n_words)])


def _pair(df: pd.DataFrame, kind: str) -> np.ndarray:
    a, b = _text(df["response_a"]), _text(df["response_b"])
    if kind == "length":
        la, lb = np.log1p(a.str.len()), np.log1p(b.str.len())
        return np.column_stack([la, lb, la - lb])
    sa, sb = _style(a), _style(b)
    return np.column_stack([sa, sb, sa - sb]).astype(float)


def _labels(df: pd.DataFrame) -> np.ndarray:
    return df[CLASSES].to_numpy().argmax(axis=1)


def _swapped(x, y: np.ndarray, kind: str):
    """The same battles with A and B exchanged (features mirrored, A/B labels exchanged)."""
    y2 = np.where(y == 2, 2, 1 - y)
    if kind in ("words", "words+style"):
        return -x, y2  # every column of these sets is an A-minus-B difference
    k = x.shape[1] // 3
    return np.column_stack([x[:, k:2 * k], x[:, :k], -x[:, 2 * k:]]), y2


@lru_cache(maxsize=16)
def _features(public: Path, kind: str, fraction: float) -> tuple[object, object, np.ndarray]:
    """(train matrix, test matrix, train labels 0 = A, 1 = B, 2 = tie)."""
    train, test = _train(public, fraction), _load(public)[1]
    if kind in ("length", "style"):
        return _pair(train, kind), _pair(test, kind), _labels(train)
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2).fit(pd.concat([_text(train["response_a"]),
                                                                      _text(train["response_b"])]))
    diff = lambda df: (vec.transform(_text(df["response_a"])) - vec.transform(_text(df["response_b"])))  # noqa: E731
    x, xt = diff(train), diff(test)
    if kind == "words+style":
        s, st, _ = _features(public, "style", fraction)
        d = s.shape[1] // 3
        scaler = StandardScaler(with_mean=False).fit(s[:, 2 * d:])
        x = sparse.hstack([x, scaler.transform(s[:, 2 * d:])]).tocsr()
        xt = sparse.hstack([xt, scaler.transform(st[:, 2 * d:])]).tocsr()
    return x, xt, _labels(train)


def _submit(public: Path, p: np.ndarray) -> pd.DataFrame:
    _, test = _load(public)
    p = np.asarray(p, dtype=float)
    p = p / p.sum(axis=1, keepdims=True)
    return pd.DataFrame({"id": test["id"].to_numpy(), **{c: p[:, j] for j, c in enumerate(CLASSES)}})


def _fit_predict(kind: str, fraction: float, make: Callable, swap: bool, public: Path) -> np.ndarray:
    x, xt, y = _features(public, kind, fraction)
    if swap:
        x2, y2 = _swapped(x, y, kind)
        x = sparse.vstack([x, x2]).tocsr() if sparse.issparse(x) else np.vstack([x, x2])
        y = np.concatenate([y, y2])
    return make().fit(x, y).predict_proba(xt)


def _model(kind: str, fraction: float, make: Callable, *, swap: bool = False) -> Solution:
    return lambda public: _submit(public, _fit_predict(kind, fraction, make, swap, public))


def _blend(*parts: tuple[str, Callable, bool]) -> Solution:
    """Mean of the probabilities of several models, each trained on all battles."""
    return lambda public: _submit(public, np.mean([_fit_predict(k, 1.0, m, s, public) for k, m, s in parts], axis=0))


def _constant(probs: Callable[[np.ndarray], np.ndarray]) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        return _submit(public, np.tile(probs(_labels(train)), (len(test), 1)))

    return run


def _logreg(c: float) -> Callable:
    return lambda: make_pipeline(StandardScaler(with_mean=False), LogisticRegression(C=c, max_iter=3000))


def _hgb(depth: int | None, rate: float, iters: int = 150) -> Callable:
    return lambda: HistGradientBoostingClassifier(max_depth=depth, learning_rate=rate, max_iter=iters,
                                                  early_stopping=False, random_state=0)


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [
        ("uniform", _constant(lambda y: np.full(3, 1 / 3))),
        ("class-prior", _constant(lambda y: np.bincount(y, minlength=3) / len(y))),
    ]
    for share, f in grid.FRACTIONS.items():
        for kind in ("length", "style", "words", "words+style"):
            for c in (0.003, 0.03, 0.3, 3.0):
                panel.append((f"logreg-C{c:g}-{kind}-{share}", _model(kind, f, _logreg(c))))
        for kind in ("length", "style", "words+style"):
            panel.append((f"logreg-C0.3-{kind}-swap-{share}", _model(kind, f, _logreg(0.3), swap=True)))
        for depth, rate in ((2, 0.1), (4, 0.05), (None, 0.1)):
            panel.append((f"hgb-depth{depth or 'any'}-lr{rate:g}-style-{share}", _model("style", f, _hgb(depth, rate))))
        panel.append((f"logreg-C0.03-words+style-swap-{share}", _model("words+style", f, _logreg(0.03), swap=True)))
        panel.append((f"hgb-depth2-lr0.1-length-{share}", _model("length", f, _hgb(2, 0.1))))
        panel.append((f"hgb-depth4-lr0.05-length-{share}", _model("length", f, _hgb(4, 0.05))))
        panel.append((f"gaussian-nb-style-{share}", _model("style", f, lambda: make_pipeline(StandardScaler(), GaussianNB()))))
    for share in ("20pct", "all"):
        f = grid.FRACTIONS[share]
        panel.append((f"hgb-depth3-lr0.05-style-swap-{share}", _model("style", f, _hgb(3, 0.05), swap=True)))
        for leaf in (1, 10, 50):
            panel.append((f"random-forest-leaf{leaf}-style-{share}", _model("style", f, lambda n=leaf: RandomForestClassifier(
                100, min_samples_leaf=n, random_state=0))))
        for k in (25, 100, 400):
            panel.append((f"knn{k}-style-{share}", _model("style", f, lambda n=k: make_pipeline(
                StandardScaler(), KNeighborsClassifier(n)))))
    for c in (0.003, 3.0, 10.0):
        panel.append((f"logreg-C{c:g}-words+style-swap-all", _model("words+style", 1.0, _logreg(c), swap=True)))
    panel.append(("knn400-length-all", _model("length", 1.0, lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(400)))))
    panel += [
        ("blend-logreg-words+style-hgb-style", _blend(("words+style", _logreg(0.03), True), ("style", _hgb(3, 0.05), True))),
        ("blend-logreg-words+style-forest-style", _blend(("words+style", _logreg(0.03), True), ("style", lambda: RandomForestClassifier(
            100, min_samples_leaf=50, random_state=0), False))),
        ("blend-logreg-words+style-hgb-forest-style", _blend(
            ("words+style", _logreg(0.03), True), ("style", _hgb(3, 0.05), True),
            ("style", lambda: RandomForestClassifier(100, min_samples_leaf=50, random_state=0), False))),
    ]
    return grid.checked(panel)
