"""Reference solutions for offline-image-classification: the panel its leaderboard is built from.

Each solution reads the public ``train.csv`` and the tiles in ``train.zip``/``test.zip`` and
returns a submission (``id``, ``has_cactus`` as a probability). Features are hand-made (colour
statistics, an "excess green" map, downsampled pixels, gradient-orientation histograms); models
go from trivial (constant, one statistic) to reasonably strong (gradient boosting). All are
deterministic (fixed ``random_state``, one thread).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.decomposition import PCA
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from mlebench.offline.panel import Solution, blend, grid, hgb_classifier, memo, rows, scaled


def _read_zip(path: Path) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(path) as z:
        return {
            Path(n).name: np.asarray(Image.open(io.BytesIO(z.read(n))).convert("RGB"), dtype=float) / 255.0
            for n in z.namelist() if n.endswith(".jpg")
        }


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    train = pd.read_csv(public / "train.csv")
    test_ids = pd.read_csv(public / "sample_submission.csv")["id"].to_numpy()
    tr, te = _read_zip(public / "train.zip"), _read_zip(public / "test.zip")
    return (np.stack([tr[i] for i in train["id"]]), train["has_cactus"].to_numpy(),
            np.stack([te[i] for i in test_ids]), test_ids)


def _green(x: np.ndarray) -> np.ndarray:
    return x[..., 1] - (x[..., 0] + x[..., 2]) / 2


def _colour_stats(x: np.ndarray) -> np.ndarray:
    flat = x.reshape(len(x), -1, 3)
    g = _green(x).reshape(len(x), -1)
    return np.hstack([flat.mean(1), flat.std(1), np.quantile(g, [0.5, 0.9, 0.97, 1.0], axis=1).T,
                      (g > 0.05).mean(1, keepdims=True), (g > 0.1).mean(1, keepdims=True)])


def _pixels(x: np.ndarray, size: int) -> np.ndarray:
    k = x.shape[1] // size
    return x.reshape(len(x), size, k, size, k, 3).mean((2, 4)).reshape(len(x), -1)


def _hog(x: np.ndarray, cells: int = 4, bins: int = 8) -> np.ndarray:
    grey = x.mean(-1)
    gy, gx = np.gradient(grey, axis=(1, 2))
    mag, ang = np.hypot(gx, gy), np.mod(np.arctan2(gy, gx), np.pi)
    b = np.minimum((ang / np.pi * bins).astype(int), bins - 1)
    k = x.shape[1] // cells
    out = np.zeros((len(x), cells, cells, bins))
    for j in range(bins):
        out[..., j] = (mag * (b == j)).reshape(len(x), cells, k, cells, k).sum((2, 4))
    out /= out.sum(-1, keepdims=True) + 1e-6
    return out.reshape(len(x), -1)


def _hsv(x: np.ndarray) -> np.ndarray:
    """Per HSV channel: a 12-bin histogram, mean, spread and the 10th/90th percentiles."""
    out = []
    for tile in x:
        hsv = np.asarray(Image.fromarray((tile * 255).round().astype(np.uint8)).convert("HSV"), dtype=float) / 255.0
        row = []
        for c in range(3):
            ch = hsv[..., c]
            row += [*np.histogram(ch, bins=12, range=(0, 1))[0] / ch.size, ch.mean(), ch.std(),
                    *np.percentile(ch, [10, 90])]
        out.append(row)
    return np.asarray(out)


FEATURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "hsv": _hsv,
    "colour": _colour_stats,
    "pixels8": lambda x: _pixels(x, 8),
    "pixels16": lambda x: _pixels(x, 16),
    "hog": _hog,
    "colour+hog": lambda x: np.hstack([_colour_stats(x), _hog(x)]),
    "all": lambda x: np.hstack([_colour_stats(x), _hog(x), _pixels(x, 8), _pixels(_green(x)[..., None].repeat(3, -1), 8)[:, ::3]]),
}
FEATURES["rich"] = lambda x: np.hstack([FEATURES["all"](x), _hsv(x)])


@lru_cache(maxsize=8)
def _features(public: Path, name: str) -> tuple[np.ndarray, np.ndarray]:
    x, _, xt, _ = _load(public)
    return FEATURES[name](x), FEATURES[name](xt)


def _submit(ids: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"id": ids, "has_cactus": np.clip(np.asarray(p, dtype=float), 0, 1)})


def _model(features: str, make, frac: float = 1.0) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        _, y, _, ids = _load(public)
        with threadpool_limits(1):  # one thread: deterministic and fair on a shared machine
            f, ft = _features(public, features)
            keep = rows(len(y), frac)
            model = make().fit(f[keep], y[keep])
            return _submit(ids, model.predict_proba(ft)[:, 1])

    return run


def constant(public: Path) -> pd.DataFrame:
    _, y, xt, ids = _load(public)
    return _submit(ids, np.full(len(xt), y.mean()))


def random_scores(public: Path) -> pd.DataFrame:
    _, _, xt, ids = _load(public)
    return _submit(ids, np.random.default_rng(0).random(len(xt)))


def mean_green(public: Path) -> pd.DataFrame:
    """How green the tile is on average, squashed into [0, 1]."""
    _, _, xt, ids = _load(public)
    return _submit(ids, 1 / (1 + np.exp(-20 * _green(xt).mean((1, 2)))))


def max_green(public: Path) -> pd.DataFrame:
    _, _, xt, ids = _load(public)
    return _submit(ids, 1 / (1 + np.exp(-10 * _green(xt).max((1, 2)))))


MODELS = {
    "logreg-C0.1": scaled(LogisticRegression(C=0.1, max_iter=3000)),
    "knn-25-distance": scaled(KNeighborsClassifier(25, weights="distance")),
    "tree-depth4": lambda: DecisionTreeClassifier(max_depth=4, random_state=0),
    "random-forest-100": lambda: RandomForestClassifier(100, min_samples_leaf=2, random_state=0),
    "extra-trees-100": lambda: ExtraTreesClassifier(100, min_samples_leaf=2, random_state=0),
    "hgb-200": hgb_classifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15),
    "mlp-64": scaled(MLPClassifier((64,), alpha=1e-2, max_iter=400, early_stopping=True, random_state=0)),
    "naive-bayes": GaussianNB,
}
WIDE = ("pixels16", "all", "rich")  # too many columns for gradient boosting to be worth its time here


def _sweeps() -> list[tuple[str, Solution]]:
    """Every model on every feature set, logistic regression's strength, training fractions, blends.

    The strongest: rank blends of a logistic regression on all features (colour, gradients, pixels,
    HSV histograms) with the colour-statistics one and with gradient boosting on all features.
    """
    logreg = {C: memo(_model("rich", scaled(LogisticRegression(C=C, max_iter=3000)))) for C in (0.03, 0.1, 0.3)}
    colour = memo(_model("colour", scaled(LogisticRegression(C=1.0, max_iter=2000))))
    hgb = memo(_model("rich", hgb_classifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=15)))
    partners = {"colour": colour, "hgb": hgb}
    return [
        *(entry for name, make in MODELS.items() for entry in grid(
            name, lambda features, make=make: _model(features, make),
            _features=[f for f in FEATURES if not (name.startswith("hgb") and f in WIDE)])),
        *grid("logreg", lambda features, C: _model(features, scaled(LogisticRegression(C=C, max_iter=3000))),
              _features=("rich", "all", "colour"), C=(0.01, 0.03, 0.3, 1.0)),
        *grid("logreg-C0.1", lambda features, frac: _model(
            features, scaled(LogisticRegression(C=0.1, max_iter=3000)), frac),
              _features=("colour", "rich"), frac=(0.25, 0.5)),
        *grid("blend-rich-logreg", lambda C, partner: blend([logreg[C], partners[partner]], ranks=True),
              C=(0.03, 0.1, 0.3), _partner=list(partners)),
        *grid("blend-rich-logreg", lambda C, partner, weight: blend([logreg[C], partners[partner]],
                                                                    [1 - weight, weight], ranks=True),
              C=(0.03, 0.1, 0.3), _partner=list(partners), weight=(0.35, 0.65)),
        *grid("blend-colour+hgb+rich-logreg", lambda C: blend([logreg[C], colour, hgb], ranks=True),
              C=(0.03, 0.1, 0.3)),
        ("hgb-300-rich", hgb),
    ]


def solutions() -> list[tuple[str, Solution]]:
    return _sweeps() + [
        ("constant-prior", constant),
        ("random-scores", random_scores),
        ("mean-excess-green", mean_green),
        ("max-excess-green", max_green),
        ("colour-naive-bayes", _model("colour", GaussianNB)),
        ("colour-logreg", _model("colour", scaled(LogisticRegression(C=1.0, max_iter=2000)))),
        ("colour-tree-depth4", _model("colour", lambda: DecisionTreeClassifier(max_depth=4, random_state=0))),
        ("pixels8-logreg", _model("pixels8", scaled(LogisticRegression(C=0.1, max_iter=2000)))),
        ("pixels8-knn-15", _model("pixels8", scaled(KNeighborsClassifier(15)))),
        ("pixels16-pca-knn-25", _model("pixels16", lambda: make_pipeline(
            StandardScaler(), PCA(30, random_state=0), KNeighborsClassifier(25)))),
        ("pixels16-logreg", _model("pixels16", scaled(LogisticRegression(C=0.01, max_iter=3000)))),
        ("hog-logreg", _model("hog", scaled(LogisticRegression(C=0.1, max_iter=2000)))),
        ("hog-random-forest-100", _model("hog", lambda: RandomForestClassifier(100, random_state=0))),
        ("colour+hog-logreg", _model("colour+hog", scaled(LogisticRegression(C=0.1, max_iter=3000)))),
        ("colour+hog-knn-25", _model("colour+hog", scaled(KNeighborsClassifier(25, weights="distance")))),
        ("colour+hog-random-forest-100", _model("colour+hog", lambda: RandomForestClassifier(
            100, min_samples_leaf=2, random_state=0))),
        ("colour+hog-extra-trees-100", _model("colour+hog", lambda: ExtraTreesClassifier(
            100, min_samples_leaf=2, random_state=0))),
        ("colour+hog-hgb-depth2", _model("colour+hog", hgb_classifier(max_depth=2, max_iter=100))),
        ("colour+hog-hgb", _model("colour+hog", hgb_classifier(max_iter=200, learning_rate=0.05))),
        ("all-mlp-64", _model("all", scaled(MLPClassifier((64,), alpha=1e-2, max_iter=400, early_stopping=True,
                                                           random_state=0)))),
        ("all-random-forest-100", _model("all", lambda: RandomForestClassifier(100, random_state=0))),
        ("all-hgb", _model("all", hgb_classifier(max_iter=200, learning_rate=0.1, max_leaf_nodes=15))),
    ]
