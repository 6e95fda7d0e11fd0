"""Reference solutions for offline-image-to-image: the panel its leaderboard is built from.

Each solution reads the public ``train/``, ``train_cleaned/`` and ``test/`` pages and returns a
submission (``id`` = ``<page>_<row>_<col>``, ``value`` = predicted clean intensity). They go from
trivial (all white, the dirty page as it is, a global threshold) through classic image processing
(background estimation by median/maximum filters) to per-pixel regressors on neighbourhood
features (linear, kNN, trees, gradient boosting) trained on a fixed random sample of pixels.
All are deterministic (fixed seeds, one thread).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from scipy import ndimage
from sklearn.ensemble import ExtraTreesRegressor, HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.tree import DecisionTreeRegressor
from threadpoolctl import threadpool_limits

from mlebench.offline.panel import Solution

N_PIXELS = 20_000  # training pixels sampled for the per-pixel models


def _read(folder: Path) -> dict[str, np.ndarray]:
    return {p.stem: np.asarray(Image.open(p).convert("L"), dtype=float) / 255.0 for p in sorted(folder.glob("*.png"))}


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[dict, dict, dict]:
    return _read(public / "train"), _read(public / "train_cleaned"), _read(public / "test")


def _submit(pages: dict[str, np.ndarray]) -> pd.DataFrame:
    frames = []
    for name, arr in pages.items():
        rows, cols = np.indices(arr.shape)
        ids = name + "_" + (rows.ravel() + 1).astype(str).astype(object) + "_" + (cols.ravel() + 1).astype(str).astype(object)
        frames.append(pd.DataFrame({"id": ids, "value": np.clip(arr.ravel(), 0, 1)}))
    return pd.concat(frames, ignore_index=True)


def _per_page(fn: Callable[[np.ndarray], np.ndarray]) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        return _submit({k: fn(v) for k, v in _load(public)[2].items()})

    return run


def _background(x: np.ndarray, size: int = 9) -> np.ndarray:
    return ndimage.median_filter(x, size=size, mode="nearest")


def _subtract_background(size: int, gain: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: 1 - gain * np.clip(_background(x, size) - x, 0, None)


def _features(x: np.ndarray, radius: int) -> np.ndarray:
    """Per-pixel features: the (2r+1)^2 neighbourhood, background estimates and the difference."""
    pad = np.pad(x, radius, mode="edge")
    h, w = x.shape
    patch = [pad[i : i + h, j : j + w] for i in range(2 * radius + 1) for j in range(2 * radius + 1)]
    bg = _background(x, 9)
    mx = ndimage.maximum_filter(x, size=7, mode="nearest")
    mn = ndimage.minimum_filter(x, size=3, mode="nearest")
    extra = [bg, mx, mn, bg - x, mx - x, ndimage.uniform_filter(x, 5, mode="nearest")]
    return np.stack(patch + extra, axis=-1).reshape(h * w, -1)


def _model(make, radius: int = 1) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, cleaned, test = _load(public)
        x = np.vstack([_features(train[k], radius) for k in train])
        y = np.concatenate([cleaned[k].ravel() for k in train])
        pick = np.random.default_rng(0).choice(len(y), size=min(N_PIXELS, len(y)), replace=False)
        with threadpool_limits(1):  # one thread: deterministic and fair on a shared machine
            model = make().fit(x[pick], y[pick])
            out = {k: model.predict(_features(v, radius)).reshape(v.shape) for k, v in test.items()}
        return _submit(out)

    return run


def mean_clean(public: Path) -> pd.DataFrame:
    _, cleaned, test = _load(public)
    m = float(np.mean(np.concatenate([v.ravel() for v in cleaned.values()])))
    return _submit({k: np.full(v.shape, m) for k, v in test.items()})


def linear_rescale(public: Path) -> pd.DataFrame:
    """Clean = a * dirty + b, fitted by least squares on all training pixels."""
    train, cleaned, test = _load(public)
    x = np.concatenate([train[k].ravel() for k in train])
    y = np.concatenate([cleaned[k].ravel() for k in train])
    a, b = np.polyfit(x, y, 1)
    return _submit({k: a * v + b for k, v in test.items()})


def solutions() -> list[tuple[str, Solution]]:
    return [
        ("all-white", _per_page(np.ones_like)),
        ("mean-clean-intensity", mean_clean),
        ("dirty-as-is", _per_page(lambda x: x)),
        ("linear-rescale", linear_rescale),
        ("threshold-0.4", _per_page(lambda x: (x > 0.4).astype(float))),
        ("threshold-0.55", _per_page(lambda x: (x > 0.55).astype(float))),
        ("threshold-otsu-like-mean", _per_page(lambda x: (x > x.mean() - 0.1).astype(float))),
        ("median-background-5", _per_page(_subtract_background(5))),
        ("median-background-9", _per_page(_subtract_background(9))),
        ("median-background-9-gain1.3", _per_page(_subtract_background(9, 1.3))),
        ("median-background-15-gain1.3", _per_page(_subtract_background(15, 1.3))),
        ("pixel-linear-r0", _model(LinearRegression, radius=0)),
        ("pixel-linear-r1", _model(LinearRegression, radius=1)),
        ("pixel-ridge-r2", _model(lambda: Ridge(1.0), radius=2)),
        ("pixel-tree-depth6", _model(lambda: DecisionTreeRegressor(max_depth=6, random_state=0))),
        ("pixel-tree-depth12", _model(lambda: DecisionTreeRegressor(max_depth=12, random_state=0))),
        ("pixel-knn-10", _model(lambda: KNeighborsRegressor(10), radius=0)),
        ("pixel-random-forest-30", _model(lambda: RandomForestRegressor(
            30, min_samples_leaf=5, max_features=0.5, random_state=0))),
        ("pixel-extra-trees-30", _model(lambda: ExtraTreesRegressor(30, min_samples_leaf=5, random_state=0))),
        ("pixel-hgb-depth3", _model(lambda: HistGradientBoostingRegressor(
            max_depth=3, max_iter=100, early_stopping=False, random_state=0))),
        ("pixel-hgb", _model(lambda: HistGradientBoostingRegressor(
            max_iter=200, early_stopping=False, random_state=0))),
        ("pixel-hgb-r2", _model(lambda: HistGradientBoostingRegressor(
            max_iter=200, learning_rate=0.1, max_leaf_nodes=31, early_stopping=False, random_state=0), radius=2)),
    ]
