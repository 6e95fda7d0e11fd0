"""Reference solutions for offline-tabular-multiclass: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``Id``,
``Cover_Type``). All are deterministic (fixed ``random_state``) and span trivial (majority class,
one feature) to reasonably strong (gradient boosting).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_selection import VarianceThreshold
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline.panel import Solution, hgb_classifier, scaled

TARGET = "Cover_Type"


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(public / "train.csv"), pd.read_csv(public / "test.csv")


def _xy(public: Path, columns: list[str] | None = None):
    train, test = _load(public)
    feats = columns or [c for c in train.columns if c not in ("Id", TARGET)]
    return train[feats].to_numpy(dtype=float), train[TARGET].to_numpy(), test[feats].to_numpy(dtype=float), test["Id"]


def _submit(ids: pd.Series, pred) -> pd.DataFrame:
    return pd.DataFrame({"Id": ids.to_numpy(), TARGET: np.asarray(pred, dtype=np.int64)})


def _model(make, columns: list[str] | None = None) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        x, y, xt, ids = _xy(public, columns)
        return _submit(ids, make().fit(x, y).predict(xt))

    return run


def majority(public: Path) -> pd.DataFrame:
    _, y, xt, ids = _xy(public)
    values, counts = np.unique(y, return_counts=True)
    return _submit(ids, np.full(len(xt), values[np.argmax(counts)]))


def prior_sampling(public: Path) -> pd.DataFrame:
    """Random classes drawn with the training priors (seed 0)."""
    _, y, xt, ids = _xy(public)
    values, counts = np.unique(y, return_counts=True)
    return _submit(ids, np.random.default_rng(0).choice(values, size=len(xt), p=counts / counts.sum()))


def hgb_categorical(public: Path) -> pd.DataFrame:
    """Gradient boosting with the one-hot blocks folded back into two categorical codes."""
    train, test = _load(public)

    def codes(df: pd.DataFrame) -> pd.DataFrame:
        out = df[[c for c in df.columns if c not in ("Id", TARGET) and "_Type" not in c and "Area" not in c]].copy()
        out["area"] = df.filter(like="Wilderness_Area").to_numpy().argmax(axis=1)
        out["soil"] = df.filter(like="Soil_Type").to_numpy().argmax(axis=1)
        return out

    model = HistGradientBoostingClassifier(
        max_iter=60, categorical_features=["area", "soil"], early_stopping=False, random_state=0
    ).fit(codes(train), train[TARGET])
    return _submit(test["Id"], model.predict(codes(test)))


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    return [
        ("majority-class", majority),
        ("prior-sampling", prior_sampling),
        ("elevation-tree-depth3", _model(lambda: DecisionTreeClassifier(max_depth=3, random_state=0), ["Elevation"])),
        ("gaussian-naive-bayes", _model(GaussianNB)),
        ("nearest-centroid", _model(lambda: make_pipeline(VarianceThreshold(), StandardScaler(), NearestCentroid()))),
        ("lda", _model(LinearDiscriminantAnalysis)),
        ("logreg-C0.01", _model(scaled(LogisticRegression(C=0.01, max_iter=300)))),
        ("logreg-C1", _model(scaled(LogisticRegression(C=1.0, max_iter=300)))),
        ("knn-5", _model(scaled(KNeighborsClassifier(5)))),
        ("knn-25-distance", _model(scaled(KNeighborsClassifier(25, weights="distance")))),
        ("tree-depth4", _model(lambda: DecisionTreeClassifier(max_depth=4, random_state=0))),
        ("tree-depth8", _model(lambda: DecisionTreeClassifier(max_depth=8, random_state=0))),
        ("tree-depth16", _model(lambda: DecisionTreeClassifier(max_depth=16, random_state=0))),
        ("random-forest-30", _model(lambda: RandomForestClassifier(30, random_state=0))),
        ("random-forest-60-leaf3", _model(lambda: RandomForestClassifier(60, min_samples_leaf=3, random_state=0))),
        ("extra-trees-60", _model(lambda: ExtraTreesClassifier(60, min_samples_leaf=2, random_state=0))),
        ("mlp-64", _model(scaled(MLPClassifier((64,), max_iter=200, early_stopping=True, random_state=0)))),
        ("hgb-depth2-50", _model(hgb_classifier(max_depth=2, max_iter=50))),
        ("hgb-numeric-only", _model(hgb_classifier(max_iter=100), [
            "Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology", "Vertical_Distance_To_Hydrology",
            "Horizontal_Distance_To_Roadways", "Hillshade_9am", "Hillshade_Noon", "Hillshade_3pm",
            "Horizontal_Distance_To_Fire_Points"])),
        ("hgb-50", _model(hgb_classifier(max_iter=50))),
        ("hgb-categorical-codes-60", hgb_categorical),
    ]
