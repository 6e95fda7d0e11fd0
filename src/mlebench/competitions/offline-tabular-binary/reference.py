"""Reference solutions for offline-tabular-binary: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``id``, ``target``
as a probability or score). All are deterministic (fixed ``random_state``, one thread) and span
trivial (constant, one feature) to reasonably strong (gradient boosting).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis
from sklearn.ensemble import (
    AdaBoostClassifier,
    ExtraTreesClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline.panel import Solution, scaled


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(public / "train.csv"), pd.read_csv(public / "test.csv")


def _xy(public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series]:
    train, test = _load(public)
    feats = [c for c in train.columns if c.startswith("f_")]
    return train[feats].to_numpy(), train["target"].to_numpy(), test[feats].to_numpy(), test["id"]


def _submit(ids: pd.Series, p: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"id": ids.to_numpy(), "target": np.asarray(p, dtype=float)})


def _model(make) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        x, y, xt, ids = _xy(public)
        model = make().fit(x, y)
        return _submit(ids, model.predict_proba(xt)[:, 1])

    return run


def constant(public: Path) -> pd.DataFrame:
    _, y, xt, ids = _xy(public)
    return _submit(ids, np.full(len(xt), y.mean()))


def random_scores(public: Path) -> pd.DataFrame:
    _, _, xt, ids = _xy(public)
    return _submit(ids, np.random.default_rng(0).random(len(xt)))


def best_single_feature(public: Path) -> pd.DataFrame:
    """The one feature (sign-flipped if needed) with the highest training AUC."""
    x, y, xt, ids = _xy(public)
    aucs = [roc_auc_score(y, x[:, j]) for j in range(x.shape[1])]
    j = int(np.argmax(np.abs(np.asarray(aucs) - 0.5)))
    sign = 1.0 if aucs[j] >= 0.5 else -1.0
    return _submit(ids, sign * xt[:, j])


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    return [
        ("constant-prior", constant),
        ("random-scores", random_scores),
        ("best-single-feature", best_single_feature),
        ("gaussian-naive-bayes", _model(GaussianNB)),
        ("lda", _model(LinearDiscriminantAnalysis)),
        ("qda", _model(lambda: QuadraticDiscriminantAnalysis(reg_param=0.1))),
        ("logreg-C0.01", _model(scaled(LogisticRegression(C=0.01, max_iter=1000)))),
        ("logreg-C1", _model(scaled(LogisticRegression(C=1.0, max_iter=1000)))),
        ("logreg-poly2", _model(lambda: make_pipeline(
            StandardScaler(), PolynomialFeatures(2), StandardScaler(), LogisticRegression(C=0.05, max_iter=2000)))),
        ("knn-5", _model(scaled(KNeighborsClassifier(5)))),
        ("knn-25", _model(scaled(KNeighborsClassifier(25)))),
        ("knn-75-distance", _model(scaled(KNeighborsClassifier(75, weights="distance")))),
        ("tree-depth3", _model(lambda: DecisionTreeClassifier(max_depth=3, random_state=0))),
        ("tree-depth6", _model(lambda: DecisionTreeClassifier(max_depth=6, random_state=0))),
        ("tree-depth12", _model(lambda: DecisionTreeClassifier(max_depth=12, random_state=0))),
        ("adaboost-100", _model(lambda: AdaBoostClassifier(n_estimators=100, random_state=0))),
        ("random-forest-50", _model(lambda: RandomForestClassifier(50, min_samples_leaf=2, random_state=0))),
        ("random-forest-200", _model(lambda: RandomForestClassifier(200, min_samples_leaf=2, random_state=0))),
        ("extra-trees-200", _model(lambda: ExtraTreesClassifier(200, min_samples_leaf=2, random_state=0))),
        ("mlp-64", _model(scaled(MLPClassifier((64,), alpha=1e-3, max_iter=300, early_stopping=True,
                                                random_state=0)))),
        ("hgb-depth2-100", _model(lambda: HistGradientBoostingClassifier(
            max_depth=2, max_iter=100, early_stopping=False, random_state=0))),
        ("hgb-default", _model(lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0))),
        ("hgb-lr0.05-400", _model(lambda: HistGradientBoostingClassifier(
            learning_rate=0.05, max_iter=400, max_leaf_nodes=15, l2_regularization=1.0,
            early_stopping=False, random_state=0))),
    ]
