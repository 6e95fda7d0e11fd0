"""Reference solutions for offline-segmentation: the panel its leaderboard is built from.

Each solution reads the public tiles, ``train.csv`` masks and cortex outlines and returns a
submission (``id``, ``predicted`` = run-length-encoded mask, column-major, 1-indexed). They go
from trivial (empty or full masks, a centred disc) through colour thresholds with morphological
clean-up to per-pixel classifiers on colour/texture/cortex features (naive Bayes, logistic
regression, trees, forests, gradient boosting) trained on a fixed random sample of pixels, with
varied post-processing. All are deterministic (fixed seeds, one thread).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw
from scipy import ndimage
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from mlebench.grading.metrics import rle_decode, rle_encode

from mlebench.offline.panel import Solution, hgb_classifier

N_PIXELS = 30_000


def _cortex(path: Path, shape: tuple[int, int]) -> np.ndarray:
    img = Image.new("L", (shape[1], shape[0]), 0)
    for feat in json.loads(path.read_text()):
        ImageDraw.Draw(img).polygon([tuple(p) for p in feat["geometry"]["coordinates"][0]], fill=1)
    return np.asarray(img, dtype=bool)


def _read(folder: Path, ids) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for i in ids:
        x = np.asarray(Image.open(folder / f"{i}.tiff").convert("RGB"), dtype=float) / 255.0
        out.append((x, _cortex(folder / f"{i}-anatomical-structure.json", x.shape[:2])))
    return out


@lru_cache(maxsize=2)
def _load(public: Path):
    train = pd.read_csv(public / "train.csv", keep_default_na=False)
    test_ids = pd.read_csv(public / "sample_submission.csv")["id"].tolist()
    tr = _read(public / "train", train["id"])
    masks = [rle_decode(e, x.shape[:2], order="F") for e, (x, _) in zip(train["encoding"], tr)]
    return tr, masks, _read(public / "test", test_ids), test_ids


def _submit(ids: list[str], masks: list[np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame({"id": ids, "predicted": [rle_encode(m, order="F") for m in masks]})


def _features(x: np.ndarray, cortex: np.ndarray) -> np.ndarray:
    purple = x[..., 2] - x[..., 1]
    feats = [x[..., c] for c in range(3)] + [purple, cortex.astype(float)]
    for s in (1.5, 4.0):
        feats += [ndimage.gaussian_filter(x[..., c], s) for c in range(3)]
        feats.append(ndimage.gaussian_filter(purple, s))
    feats.append(ndimage.gaussian_filter(x.mean(-1), 1) - ndimage.gaussian_filter(x.mean(-1), 6))
    feats.append(ndimage.generic_gradient_magnitude(ndimage.gaussian_filter(x.mean(-1), 1.0), ndimage.sobel))
    return np.stack(feats, -1).reshape(-1, len(feats))


def _clean(mask: np.ndarray, opening: int, min_area: int) -> np.ndarray:
    if opening:
        mask = ndimage.binary_opening(mask, iterations=opening)
        mask = ndimage.binary_closing(mask, iterations=opening)
    if min_area:
        lab, n = ndimage.label(mask)
        sizes = ndimage.sum(mask, lab, range(1, n + 1))
        mask = np.isin(lab, 1 + np.flatnonzero(sizes >= min_area))
    return mask


def _per_image(fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        _, _, test, ids = _load(public)
        return _submit(ids, [fn(x, c) for x, c in test])

    return run


def _threshold(t: float, sigma: float, opening: int = 0, min_area: int = 0, cortex: bool = False):
    def fn(x: np.ndarray, c: np.ndarray) -> np.ndarray:
        m = ndimage.gaussian_filter(x[..., 2] - x[..., 1], sigma) > t
        return _clean(m & c if cortex else m, opening, min_area)

    return fn


def _disc(x: np.ndarray, c: np.ndarray) -> np.ndarray:
    h, w = x.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    return (yy - h / 2) ** 2 + (xx - w / 2) ** 2 < (min(h, w) / 6) ** 2


def _model(make, threshold: float = 0.5, opening: int = 0, min_area: int = 0) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, masks, test, ids = _load(public)
        x = np.vstack([_features(a, c) for a, c in train])
        y = np.concatenate([m.ravel() for m in masks])
        pick = np.random.default_rng(0).choice(len(y), size=min(N_PIXELS, len(y)), replace=False)
        with threadpool_limits(1):  # one thread: deterministic and fair on a shared machine
            model = make().fit(x[pick], y[pick])
            preds = [model.predict_proba(_features(a, c))[:, 1].reshape(a.shape[:2]) > threshold for a, c in test]
        return _submit(ids, [_clean(p, opening, min_area) for p in preds])

    return run


def solutions() -> list[tuple[str, Solution]]:
    return [
        ("empty-masks", _per_image(lambda x, c: np.zeros(x.shape[:2], bool))),
        ("full-masks", _per_image(lambda x, c: np.ones(x.shape[:2], bool))),
        ("centred-disc", _per_image(_disc)),
        ("cortex-as-mask", _per_image(lambda x, c: c)),
        ("purple-threshold-0.2", _per_image(_threshold(0.2, 1.0))),
        ("purple-threshold-0.3", _per_image(_threshold(0.3, 1.0))),
        ("purple-threshold-0.3-open2", _per_image(_threshold(0.3, 1.5, opening=2))),
        ("purple-threshold-0.35-open2-area40", _per_image(_threshold(0.35, 1.5, opening=2, min_area=40))),
        ("purple-threshold-0.3-cortex-open2-area40", _per_image(_threshold(0.3, 1.5, 2, 40, cortex=True))),
        ("pixel-naive-bayes", _model(GaussianNB)),
        ("pixel-logreg", _model(lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)))),
        ("pixel-logreg-open1", _model(lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
                                      opening=1)),
        ("pixel-tree-depth4", _model(lambda: DecisionTreeClassifier(max_depth=4, random_state=0))),
        ("pixel-tree-depth10", _model(lambda: DecisionTreeClassifier(max_depth=10, random_state=0))),
        ("pixel-random-forest-50", _model(lambda: RandomForestClassifier(50, min_samples_leaf=3, random_state=0))),
        ("pixel-random-forest-50-open1-area30", _model(lambda: RandomForestClassifier(
            50, min_samples_leaf=3, random_state=0), opening=1, min_area=30)),
        ("pixel-extra-trees-50", _model(lambda: ExtraTreesClassifier(50, min_samples_leaf=3, random_state=0))),
        ("pixel-hgb-depth3", _model(hgb_classifier(max_depth=3, max_iter=100))),
        ("pixel-hgb", _model(hgb_classifier(max_iter=200))),
        ("pixel-hgb-t0.4-open1", _model(hgb_classifier(max_iter=200), threshold=0.4, opening=1)),
        ("pixel-hgb-open2-area40", _model(hgb_classifier(max_iter=200), opening=2, min_area=40)),
    ]
