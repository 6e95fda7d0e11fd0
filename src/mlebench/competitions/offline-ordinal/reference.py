"""Reference solutions for offline-ordinal: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``essay_id``,
``score`` an integer 1-6). The panel is a grid: feature set (essay length; style statistics;
TF-IDF words; words + style; TF-IDF character n-grams) x model (ridge regression, logistic
regression, gradient boosting, nearest neighbours) x its main setting x the share of the training
essays used (5 %, 20 %, all; the first rows of one fixed shuffle), plus trivial baselines and
a few blends. A regression's output becomes grades either by rounding or by cutting at the
quantiles that give the training set's grade shares ("quantile"). All deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mlebench.offline import grid
from mlebench.offline.panel import Solution
from mlebench.registry import load_competition_module


GRADES = np.arange(1, 7)
LINK_WORDS = ("however", "furthermore", "therefore", "addition", "example", "other hand", "result", "conclusion")


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype={"essay_id": str}, keep_default_na=False)  # noqa: E731
    return read("train.csv"), read("test.csv")


@lru_cache(maxsize=4)
def _train(public: Path, fraction: float) -> pd.DataFrame:
    return grid.first_share(_load(public)[0], fraction)


def _style(texts: pd.Series, common: set[str]) -> np.ndarray:
    s = texts.str
    words = texts.str.lower().str.findall(r"[a-z]+")
    n_words = words.str.len().clip(lower=1)
    rare = words.map(lambda ws: sum(w not in common for w in ws)) / n_words
    long = words.map(lambda ws: sum(len(w) >= 9 for w in ws)) / n_words
    unique = words.map(lambda ws: len(set(ws))) / n_words
    links = sum(s.lower().str.count(w) for w in LINK_WORDS)
    return np.column_stack([np.log(n_words), np.log1p(s.count(r"\.")), s.count("\n\n"), s.len() / n_words,
                            rare, long, unique, links]).astype(float)


@lru_cache(maxsize=16)
def _features(public: Path, kind: str, fraction: float) -> tuple[object, object, np.ndarray]:
    """(train matrix, test matrix, train grades) for a feature set and training share."""
    train, test = _train(public, fraction), _load(public)[1]
    if kind == "length":
        x, xt = (np.column_stack([np.log(t.str.split().str.len()), np.log1p(t.str.count(r"\."))])
                 for t in (train["full_text"], test["full_text"]))
    elif kind == "style":
        counts = train["full_text"].str.lower().str.findall(r"[a-z]+").explode().value_counts()
        common = set(counts.index[counts >= 5])
        x, xt = _style(train["full_text"], common), _style(test["full_text"], common)
    elif kind in ("words", "chars"):
        vec = (TfidfVectorizer(sublinear_tf=True, min_df=2) if kind == "words" else
               TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 4), min_df=3))
        x, xt = vec.fit_transform(train["full_text"]), vec.transform(test["full_text"])
    elif kind == "words+style":
        w, wt, _ = _features(public, "words", fraction)
        s, st, _ = _features(public, "style", fraction)
        scaler = StandardScaler().fit(s)
        x, xt = (sparse.hstack([a, sparse.csr_matrix(scaler.transform(b))]).tocsr() for a, b in ((w, s), (wt, st)))
    else:
        raise ValueError(kind)
    return x, xt, train["score"].to_numpy()


def _submit(public: Path, grades: np.ndarray) -> pd.DataFrame:
    _, test = _load(public)
    return pd.DataFrame({"essay_id": test["essay_id"].to_numpy(), "score": np.asarray(grades, dtype=int)})


def _to_grades(pred: np.ndarray, y: np.ndarray, how: str) -> np.ndarray:
    if how == "round":
        return np.clip(np.rint(pred), 1, 6).astype(int)
    shares = np.cumsum([np.mean(y == g) for g in GRADES])[:-1]  # "quantile": the training grade shares
    ranks = (np.argsort(np.argsort(pred, kind="stable"), kind="stable") + 0.5) / len(pred)
    return 1 + np.searchsorted(shares, ranks)


def _regression(kind: str, fraction: float, make: Callable, how: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        x, xt, y = _features(public, kind, fraction)
        return _submit(public, _to_grades(make().fit(x, y).predict(xt), y, how))

    return run


def _classifier(kind: str, fraction: float, c: float) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        x, xt, y = _features(public, kind, fraction)
        scaler = StandardScaler(with_mean=not sparse.issparse(x))
        model = make_pipeline(scaler, LogisticRegression(C=c, max_iter=2000)).fit(x, y)
        return _submit(public, model.predict(xt))

    return run


def _blend(*parts: tuple[str, float, Callable], how: str = "quantile") -> Solution:
    """Average of regressions' test predictions (each on its own feature set), then graded."""

    def run(public: Path) -> pd.DataFrame:
        preds = []
        for kind, fraction, make in parts:
            x, xt, y = _features(public, kind, fraction)
            preds.append(make().fit(x, y).predict(xt))
        return _submit(public, _to_grades(np.mean(preds, axis=0), y, how))

    return run


def _stack(public: Path) -> pd.DataFrame:
    """Ridge on words+style and boosting on style, combined by a ridge fitted on 5-fold out-of-fold predictions."""
    bases = [("words+style", lambda: Ridge(3.0)), ("style", _hgb(4, 0.05)), ("chars", lambda: Ridge(3.0))]
    oof, test_preds = [], []
    for kind, make in bases:
        x, xt, y = _features(public, kind, 1.0)
        column = np.zeros(len(y))
        for fit, held in KFold(5, shuffle=True, random_state=0).split(y):
            column[held] = make().fit(x[fit], y[fit]).predict(x[held])
        oof.append(column)
        test_preds.append(make().fit(x, y).predict(xt))
    meta = Ridge(1.0).fit(np.column_stack(oof), y)
    return _submit(public, _to_grades(meta.predict(np.column_stack(test_preds)), y, "quantile"))


def _hgb(depth: int | None, rate: float) -> Callable:
    return lambda: HistGradientBoostingRegressor(max_depth=depth, learning_rate=rate, max_iter=200,
                                                 early_stopping=False, random_state=0)


def _knn(k: int) -> Callable:
    return lambda: make_pipeline(StandardScaler(), KNeighborsRegressor(k))


def constant(public: Path) -> pd.DataFrame:
    train, test = _load(public)
    return _submit(public, np.full(len(test), int(train["score"].mode()[0])))


def random_grades(public: Path) -> pd.DataFrame:
    train, test = _load(public)
    return _submit(public, np.random.default_rng(0).choice(train["score"].to_numpy(), size=len(test)))


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [("constant-mode", constant), ("random-training-grades", random_grades)]
    for share, f in grid.FRACTIONS.items():
        for kind in ("length", "style", "words", "words+style", "chars"):
            for alpha in (0.3, 3.0, 30.0):
                panel.append((f"ridge{alpha:g}-{kind}-quantile-{share}",
                              _regression(kind, f, lambda a=alpha: Ridge(a), "quantile")))
        for kind in ("style", "words", "words+style"):
            panel.append((f"ridge3-{kind}-round-{share}", _regression(kind, f, lambda: Ridge(3.0), "round")))
    for share in ("20pct", "all"):
        f = grid.FRACTIONS[share]
        for kind in ("style", "words", "words+style"):
            for c in (0.01, 0.1, 1.0):
                panel.append((f"logreg-C{c:g}-{kind}-argmax-{share}", _classifier(kind, f, c)))
        for depth, rate in ((2, 0.1), (4, 0.05), (None, 0.1)):
            panel.append((f"hgb-depth{depth or 'any'}-lr{rate:g}-style-quantile-{share}",
                          _regression("style", f, _hgb(depth, rate), "quantile")))
            panel.append((f"hgb-depth{depth or 'any'}-lr{rate:g}-style-round-{share}",
                          _regression("style", f, _hgb(depth, rate), "round")))
        panel.append((f"logreg-C0.1-chars-argmax-{share}", _classifier("chars", f, 0.1)))
    for share, f in grid.FRACTIONS.items():
        for k in (5, 25, 100):
            panel.append((f"knn{k}-style-quantile-{share}", _regression("style", f, _knn(k), "quantile")))
    panel += [
        ("blend-ridge-words+style-hgb-style", _blend(("words+style", 1.0, lambda: Ridge(3.0)),
                                                     ("style", 1.0, _hgb(4, 0.05)))),
        ("blend-ridge-chars-hgb-style", _blend(("chars", 1.0, lambda: Ridge(3.0)), ("style", 1.0, _hgb(4, 0.05)))),
        ("blend-ridge-words+style-chars-hgb-style", _blend(("words+style", 1.0, lambda: Ridge(3.0)),
                                                           ("chars", 1.0, lambda: Ridge(3.0)),
                                                           ("style", 1.0, _hgb(4, 0.05)))),
        ("stack-ridge-words+style-chars-hgb-style", _stack),
    ]
    return grid.checked(panel)
