"""Reference solutions for offline-distribution: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``eeg_id`` and
six vote shares per row, each row floored at 1e-3 and renormalised to sum to 1). Recipes, from
trivial to strong:
- constants: uniform, the training vote shares, the consensus class frequencies;
- ``consensus``: a classifier of ``expert_consensus`` whose class probabilities are mapped to vote
  shares through the training table "mean vote shares of the windows with consensus c";
- ``hard``: the same classifier's probabilities used as they are (overconfident);
- ``soft``: every window counted once per class, weighted by its vote share (soft labels);
- ``regress``: a multi-output regressor of the vote shares (kNN, forests);
swept over model settings, feature sets (``all`` twelve features, ``gauss``: each feature mapped to
a normal by its training quantiles, ``half``: the six LL/RL features only) and training fractions
(``f0.1`` … ``f1``: the first rows of train.csv), plus blends of strong entries. All are
deterministic (fixed ``random_state``, one thread).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis
from sklearn.ensemble import ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import QuantileTransformer, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline.panel import Solution, hgb_classifier

VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]
FLOOR = 1e-3


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(public / "train.csv"), pd.read_csv(public / "test.csv")


def _features(train: pd.DataFrame, test: pd.DataFrame, kind: str) -> tuple[np.ndarray, np.ndarray]:
    cols = [c for c in test.columns if c[:3] in ("LL_", "RL_", "LP_", "RP_")]
    if kind == "half":
        cols = [c for c in cols if c[:3] in ("LL_", "RL_")]
    x, xt = train[cols].to_numpy(), test[cols].to_numpy()
    if kind == "gauss":
        q = QuantileTransformer(n_quantiles=min(500, len(x)), output_distribution="normal", random_state=0).fit(x)
        return q.transform(x), q.transform(xt)
    s = StandardScaler().fit(x)
    return s.transform(x), s.transform(xt)


def _data(public: Path, kind: str, fraction: float):
    train, test = _load(public)
    train = train.iloc[: int(round(len(train) * fraction))]
    x, xt = _features(train, test, kind)
    votes = train[VOTES].to_numpy(dtype=float)
    return x, xt, votes / votes.sum(axis=1, keepdims=True), test["eeg_id"].to_numpy()


def _submit(ids: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    p = np.clip(np.asarray(p, dtype=float), FLOOR, None)
    p = p / p.sum(axis=1, keepdims=True)
    out = pd.DataFrame(p, columns=VOTES)
    out.insert(0, "eeg_id", ids)
    return out


def _consensus(shares: np.ndarray) -> np.ndarray:
    return shares.argmax(axis=1)


def _class_to_shares(shares: np.ndarray) -> np.ndarray:
    """(6, 6): the mean vote shares of the training windows whose consensus is each class."""
    c = _consensus(shares)
    return np.vstack([shares[c == k].mean(axis=0) if (c == k).any() else np.full(len(VOTES), 1 / len(VOTES))
                      for k in range(len(VOTES))])


def _proba(model, xt: np.ndarray) -> np.ndarray:
    """Class probabilities over all six classes (a class missing from a small sample gets 0)."""
    p = np.zeros((len(xt), len(VOTES)))
    p[:, model.classes_] = model.predict_proba(xt)
    return p


def _predict(mode: str, make: Callable, x, xt, shares) -> np.ndarray:
    if mode == "regress":
        return make().fit(x, shares).predict(xt)
    if mode == "soft":
        n, k = shares.shape
        labels, weights = np.tile(np.arange(k), n), shares.ravel()
        keep = weights > 0
        model = make().fit(np.repeat(x, k, axis=0)[keep], labels[keep], sample_weight=weights[keep])
        return _proba(model, xt)
    model = make().fit(x, _consensus(shares))
    p = _proba(model, xt)
    return p @ _class_to_shares(shares) if mode == "consensus" else p


def _model(make: Callable, *, mode: str = "consensus", kind: str = "gauss", fraction: float = 1.0) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        x, xt, shares, ids = _data(public, kind, fraction)
        return _submit(ids, _predict(mode, make, x, xt, shares))

    return run


def _constant(what: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        _, xt, shares, ids = _data(public, "all", 1.0)
        if what == "uniform":
            p = np.full(len(VOTES), 1 / len(VOTES))
        elif what == "mean-shares":
            p = shares.mean(axis=0)
        else:  # consensus class frequencies
            p = np.bincount(_consensus(shares), minlength=len(VOTES)) / len(shares)
        return _submit(ids, np.tile(p, (len(xt), 1)))

    return run


def _blend(*parts: Solution) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        subs = [p(public) for p in parts]
        return _submit(subs[0]["eeg_id"].to_numpy(), np.mean([s[VOTES].to_numpy() for s in subs], axis=0))

    return run


def _logreg(c: float) -> Callable:
    return lambda: LogisticRegression(C=c, max_iter=2000)


def _hgb(lr: float, iters: int, leaves: int) -> Callable:
    return hgb_classifier(learning_rate=lr, max_iter=iters, max_leaf_nodes=leaves, l2_regularization=1.0)


def _mlp(width: int, alpha: float) -> Callable:
    return lambda: MLPClassifier((width,), alpha=alpha, max_iter=400, early_stopping=True, random_state=0)


def solutions() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [(f"constant-{w}", _constant(w))
                                         for w in ("uniform", "mean-shares", "consensus-frequencies")]
    for frac in (0.05, 0.2, 0.5, 1.0):
        f = f"f{frac:g}"
        for c in (0.01, 0.1, 1.0, 10.0):
            panel.append((f"logreg-C{c:g}-gauss-consensus-{f}", _model(_logreg(c), fraction=frac)))
        panel.append((f"logreg-C1-gauss-soft-{f}", _model(_logreg(1.0), mode="soft", fraction=frac)))
        panel.append((f"logreg-C1-gauss-hard-{f}", _model(_logreg(1.0), mode="hard", fraction=frac)))
        for reg in (0.0, 0.1, 0.5):
            panel.append((f"qda-reg{reg:g}-gauss-consensus-{f}",
                          _model(lambda reg=reg: QuadraticDiscriminantAnalysis(reg_param=reg), fraction=frac)))
        panel.append((f"naive-bayes-gauss-consensus-{f}", _model(GaussianNB, fraction=frac)))
        panel.append((f"lda-gauss-consensus-{f}", _model(LinearDiscriminantAnalysis, fraction=frac)))
        for k in (5, 25, 100):
            panel.append((f"knn-{k}-gauss-regress-{f}",
                          _model(lambda k=k: KNeighborsRegressor(k), mode="regress", fraction=frac)))
        panel.append((f"knn-50-gauss-consensus-{f}", _model(lambda: KNeighborsClassifier(50), fraction=frac)))
        panel.append((f"hgb-lr0.1-100-gauss-consensus-{f}", _model(_hgb(0.1, 100, 15), fraction=frac)))
        panel.append((f"mlp-64-gauss-consensus-{f}", _model(_mlp(64, 1e-3), fraction=frac)))
        panel.append((f"random-forest-leaf10-regress-{f}", _model(
            lambda: RandomForestRegressor(100, min_samples_leaf=10, max_features=0.5, random_state=0),
            mode="regress", fraction=frac)))
    for kind in ("all", "half"):
        panel.append((f"logreg-C1-{kind}-consensus-f1", _model(_logreg(1.0), kind=kind)))
        panel.append((f"qda-reg0.1-{kind}-consensus-f1",
                      _model(lambda: QuadraticDiscriminantAnalysis(reg_param=0.1), kind=kind)))
        panel.append((f"naive-bayes-{kind}-consensus-f1", _model(GaussianNB, kind=kind)))
        panel.append((f"knn-25-{kind}-regress-f1", _model(lambda: KNeighborsRegressor(25), mode="regress", kind=kind)))
        panel.append((f"hgb-lr0.1-100-{kind}-consensus-f1", _model(_hgb(0.1, 100, 15), kind=kind)))
    for depth in (2, 4, 8, 16):
        panel.append((f"tree-depth{depth}-gauss-consensus-f1",
                      _model(lambda d=depth: DecisionTreeClassifier(max_depth=d, random_state=0))))
    for leaf in (1, 3, 30):
        panel.append((f"random-forest-leaf{leaf}-regress-f1", _model(
            lambda leaf=leaf: RandomForestRegressor(100, min_samples_leaf=leaf, max_features=0.5, random_state=0),
            mode="regress")))
    panel.append(("extra-trees-leaf10-regress-f1", _model(
        lambda: ExtraTreesRegressor(150, min_samples_leaf=10, max_features=0.7, random_state=0), mode="regress")))
    panel.append(("random-forest-classifier-leaf5-consensus-f1", _model(
        lambda: RandomForestClassifier(150, min_samples_leaf=5, random_state=0))))
    for lr, iters, leaves in ((0.05, 200, 7), (0.03, 300, 15), (0.2, 100, 31)):
        panel.append((f"hgb-lr{lr:g}-{iters}-leaves{leaves}-gauss-consensus-f1", _model(_hgb(lr, iters, leaves))))
    panel.append(("hgb-lr0.05-200-leaves7-gauss-soft-f1", _model(_hgb(0.05, 200, 7), mode="soft")))
    for width, alpha in ((16, 1e-3), (128, 1e-2), (128, 1.0)):
        panel.append((f"mlp-{width}-alpha{alpha:g}-gauss-consensus-f1", _model(_mlp(width, alpha))))
    panel.append(("mlp-64-alpha0.001-gauss-soft-f1", _model(_mlp(64, 1e-3), mode="soft")))
    qda = _model(lambda: QuadraticDiscriminantAnalysis(reg_param=0.1))
    mlp = _model(_mlp(128, 1e-2))
    hgb = _model(_hgb(0.05, 200, 7))
    logreg = _model(_logreg(1.0), mode="soft")
    panel += [
        ("blend-qda-mlp", _blend(qda, mlp)),
        ("blend-qda-hgb", _blend(qda, hgb)),
        ("blend-qda-mlp-hgb", _blend(qda, mlp, hgb)),
        ("blend-qda-mlp-hgb-logreg-soft", _blend(qda, mlp, hgb, logreg)),
    ]
    return panel
