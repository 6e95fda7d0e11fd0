"""Reference solutions for offline-segmentation: the panel its leaderboard is built from.

Each solution reads the public tiles, ``train.csv`` masks and cortex outlines and returns a
submission (``id``, ``predicted`` = run-length-encoded mask, column-major, 1-indexed). They go from
trivial (empty or full masks, a centred disc, the cortex) through thresholds of the smoothed purple
colour (with morphological clean-up, inside the cortex or not, and one fitted to the training
masks) to per-pixel classifiers: a grid of model (naive Bayes, logistic regression, trees, forests,
gradient boosting, an MLP) x feature set (colour; colour + texture at two scales + cortex; that +
wider context and local contrast) x the share of training tiles whose pixels are sampled (5 %, 20
%, all; the first tiles of one fixed shuffle) x post-processing (threshold 0.5; holes filled and
specks dropped; opening; a threshold giving the training masks' share of glomerulus pixels). The
strongest: boosting on 4x and 8x the training pixels, an MLP with two layers, auto-context stacking
(logistic regression's out-of-fold probability maps and their neighbourhood as features of
boosting) and blends of the families' probability maps. Forests, boosting, naive Bayes and the MLPs
score every second pixel of every second row and upsample the probabilities (4x cheaper). All
deterministic (fixed seeds, one thread).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw
from scipy import ndimage
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier

from mlebench.grading.metrics import dice_coefficient, rle_decode, rle_encode
from mlebench.offline import grid
from mlebench.offline.panel import Factory, Solution, hgb_classifier, rows, scaled

N_PIXELS = 30_000  # training pixels a model is fitted on (sampled from the share's tiles)
POOL = 1_500  # pixels sampled from each training tile, once
COLUMNS = {"colour": 4, "texture": 15, "context": 24}  # feature sets: the first n columns of _features
STRIDE = 2  # heavy models score every STRIDE-th pixel of every STRIDE-th row


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
    """(h, w, 24) float32: colour (4), then texture at two scales + cortex (to 15), then context (to 24)."""
    purple = x[..., 2] - x[..., 1]
    gray = x.mean(-1)
    g = ndimage.gaussian_filter
    feats = [x[..., c] for c in range(3)] + [purple, cortex.astype(float)]
    for s in (1.5, 4.0):
        feats += [g(x[..., c], s) for c in range(3)]
        feats.append(g(purple, s))
    feats.append(g(gray, 1) - g(gray, 6))
    feats.append(ndimage.generic_gradient_magnitude(g(gray, 1.0), ndimage.sobel))
    feats += [g(x[..., c], 8.0) for c in range(3)] + [g(purple, 8.0)]
    for s in (2.0, 5.0):  # local contrast: nuclei and rims make glomeruli busy
        feats.append(np.sqrt(np.maximum(g(gray**2, s) - g(gray, s) ** 2, 0)))
    feats.append(g(gray, 3) - g(gray, 10))
    feats.append(np.clip(ndimage.distance_transform_edt(cortex) - ndimage.distance_transform_edt(~cortex), -20, 20))
    feats.append(g((gray < 0.45).astype(float), 3.0))  # density of dark nuclei
    return np.stack(feats, -1).astype(np.float32)


@lru_cache(maxsize=2)
def _maps(public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """(pooled training pixels' features, their labels, their positions, every training and test
    tile's feature map)."""
    train, masks, test, _ = _load(public)
    r = np.random.default_rng(0)
    train_maps = [_features(x, c) for x, c in train]
    picks = np.stack([r.choice(m.size, size=POOL, replace=False) for m in masks])
    xs = np.stack([f.reshape(m.size, -1)[pick] for f, m, pick in zip(train_maps, masks, picks)])
    ys = np.stack([m.ravel()[pick] for m, pick in zip(masks, picks)])
    return xs, ys, picks, train_maps, [_features(x, c) for x, c in test]


def _training(public: Path, share: float, n: int, x: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` pooled pixels of the first ``share`` of the training tiles (``x``: other features of the pool)."""
    pool, y = _maps(public)[:2]
    x = pool if x is None else x
    keep = rows(len(x), share)
    x, y = x[keep].reshape(-1, x.shape[-1]), y[keep].ravel()
    pick = np.sort(np.random.default_rng(1).choice(len(y), size=min(n, len(y)), replace=False))
    return x[pick], y[pick]


def _predict(fitted, maps: list[np.ndarray], stride: int) -> tuple[np.ndarray, ...]:
    """Each map's probability map (float32), scored every ``stride``-th pixel and upsampled."""
    k = maps[0].shape[-1]
    small = [f[::stride, ::stride] for f in maps]
    flat = fitted.predict_proba(np.concatenate([m.reshape(-1, k) for m in small]))[:, 1].astype(np.float32)
    out, at = [], 0
    for f, m in zip(maps, small):
        p = flat[at : at + m.shape[0] * m.shape[1]].reshape(m.shape[:2])
        at += p.size
        if stride > 1:
            p = ndimage.zoom(p, stride, order=1, mode="nearest", grid_mode=True)[: f.shape[0], : f.shape[1]]
        out.append(p)
    return tuple(out)


@cache
def _probs(public: Path, model: str, columns: str, share: float, n: int = N_PIXELS) -> tuple[np.ndarray, ...]:
    """Every test tile's probability map from ``MODELS[model]`` fitted on ``columns``."""
    make, stride = MODELS[model]
    k = COLUMNS[columns]
    x, y = _training(public, share, n)
    return _predict(make().fit(x[:, :k], y), [f[..., :k] for f in _maps(public)[4]], stride)


def _context(p: np.ndarray) -> np.ndarray:
    """A probability map's neighbourhood: smoothed at three scales and its local maximum."""
    g = ndimage.gaussian_filter
    return np.stack([p, g(p, 2.0), g(p, 5.0), ndimage.maximum_filter(g(p, 1.5), 9)], -1).astype(np.float32)


@cache
def _autocontext(public: Path, model: str, n: int = N_PIXELS) -> tuple[np.ndarray, ...]:
    """Stacking for images (auto-context): logistic regression's probability maps (out of fold on
    the training tiles, two folds of alternate tiles) and their neighbourhood become features of
    ``MODELS[model]``, fitted on all training tiles."""
    pool, y, picks, train_maps, test_maps = _maps(public)
    first, _ = MODELS["logreg"]
    stage1 = [np.empty(0)] * len(train_maps)
    for fold in (0, 1):
        held = np.arange(len(train_maps)) % 2 == fold
        fitted = first().fit(pool[~held].reshape(-1, pool.shape[-1]), y[~held].ravel())
        for i, p in zip(np.flatnonzero(held), _predict(fitted, [train_maps[i] for i in np.flatnonzero(held)], 1)):
            stage1[i] = p
    test1 = _predict(first().fit(pool.reshape(-1, pool.shape[-1]), y.ravel()), test_maps, 1)
    context = np.stack([_context(p).reshape(p.size, -1)[pick] for p, pick in zip(stage1, picks)])
    x, yy = _training(public, 1.0, n, np.concatenate([pool, context], -1))
    make, stride = MODELS[model]
    second = make().fit(x, yy)
    maps = [np.concatenate([f, _context(p)], -1) for f, p in zip(test_maps, test1)]
    return _predict(second, maps, stride)


def _clean(mask: np.ndarray, opening: int = 0, min_area: int = 0, fill: bool = False) -> np.ndarray:
    if opening:
        mask = ndimage.binary_opening(mask, iterations=opening)
        mask = ndimage.binary_closing(mask, iterations=opening)
    if fill:
        mask = ndimage.binary_fill_holes(mask)
    if min_area:
        lab, n = ndimage.label(mask)
        sizes = ndimage.sum(mask, lab, range(1, n + 1))
        mask = np.isin(lab, 1 + np.flatnonzero(sizes >= min_area))
    return mask


POST = {  # name -> (threshold, or None for the training masks' pixel share; opening, min_area, fill)
    "t0.5": (0.5, 0, 0, False),
    "t0.4": (0.4, 0, 0, False),
    "fill": (0.5, 0, 30, True),
    "open1": (0.5, 1, 30, False),
    "t0.4-fill": (0.4, 0, 30, True),
    "share": (None, 0, 30, True),
}


def _masks(probs: list[np.ndarray], post: str, public: Path) -> list[np.ndarray]:
    threshold, opening, min_area, fill = POST[post]
    if threshold is None:  # the threshold that marks the training masks' share of pixels
        positive = float(np.mean([m.mean() for m in _load(public)[1]]))
        threshold = float(np.quantile(np.concatenate([p.ravel() for p in probs]), 1 - positive))
    return [_clean(p > threshold, opening, min_area, fill) for p in probs]


def _model(model: str, columns: str, share: float, post: str, n: int = N_PIXELS) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        return _submit(_load(public)[3], _masks(list(_probs(public, model, columns, share, n)), post, public))

    return run


def _stacked(model: str, post: str, n: int = N_PIXELS) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        return _submit(_load(public)[3], _masks(list(_autocontext(public, model, n)), post, public))

    return run


def _blend(*parts: tuple, post: str = "fill") -> Solution:
    """The mean of several models' probability maps (each on all training tiles), then ``post``; a
    part is (model, feature set[, training pixels]) or ("auto-context", model)."""

    def run(public: Path) -> pd.DataFrame:
        maps = [_autocontext(public, part[1]) if part[0] == "auto-context" else _probs(public, part[0], part[1], 1.0,
                                                                                      *(part[2:] or (N_PIXELS,)))
                for part in parts]
        return _submit(_load(public)[3], _masks([np.mean(ps, axis=0) for ps in zip(*maps)], post, public))

    return run


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


def _fitted_threshold(sigma: float) -> Solution:
    """The purple threshold (inside the cortex, specks dropped) with the best mean Dice on the training tiles."""

    def run(public: Path) -> pd.DataFrame:
        train, masks, test, ids = _load(public)
        smooth = [(ndimage.gaussian_filter(x[..., 2] - x[..., 1], sigma), c) for x, c in train]

        def score(t: float) -> float:
            return float(np.mean([dice_coefficient(m, _clean((p > t) & c, 0, 30)) for (p, c), m in zip(smooth, masks)]))

        best = max(np.arange(0.1, 0.41, 0.05), key=score)
        return _submit(ids, [_threshold(best, sigma, 0, 30, True)(x, c) for x, c in test])

    return run


def _disc(x: np.ndarray, c: np.ndarray) -> np.ndarray:
    h, w = x.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    return (yy - h / 2) ** 2 + (xx - w / 2) ** 2 < (min(h, w) / 6) ** 2


def _mlp(*layers: int) -> Factory:
    return scaled(MLPClassifier(layers, batch_size=500, max_iter=200, early_stopping=True, random_state=0))


MODELS: dict[str, tuple[Factory, int]] = {  # name -> (factory, stride)
    "naive-bayes": (GaussianNB, STRIDE),
    "logreg": (scaled(LogisticRegression(max_iter=2000)), 1),
    "tree-depth4": (lambda: DecisionTreeClassifier(max_depth=4, random_state=0), 1),
    "tree-depth10": (lambda: DecisionTreeClassifier(max_depth=10, min_samples_leaf=5, random_state=0), 1),
    "extra-trees-50": (lambda: ExtraTreesClassifier(50, min_samples_leaf=3, random_state=0), STRIDE),
    "random-forest-50": (lambda: RandomForestClassifier(50, min_samples_leaf=5, random_state=0), STRIDE),
    "hgb-depth3": (hgb_classifier(max_depth=3, max_iter=100), STRIDE),
    "hgb": (hgb_classifier(max_iter=200), STRIDE),
    "mlp-32": (_mlp(32), STRIDE),
    "mlp-64-32": (_mlp(64, 32), STRIDE),
}
HEAVY = {  # model -> the (feature set, share) cells of the grid it fills
    "extra-trees-50": (("context", "5pct"), ("context", "20pct"), ("context", "all"), ("texture", "all")),
    "random-forest-50": (("context", "all"),),
    "hgb-depth3": (("context", "5pct"), ("context", "20pct"), ("context", "all"), ("texture", "all")),
    "hgb": (("context", "20pct"), ("context", "all")),
    "mlp-32": (("context", "20pct"), ("context", "all"), ("texture", "all")),
}


def solutions() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [
        ("empty-masks", _per_image(lambda x, c: np.zeros(x.shape[:2], bool))),
        ("full-masks", _per_image(lambda x, c: np.ones(x.shape[:2], bool))),
        ("centred-disc", _per_image(_disc)),
        ("cortex-as-mask", _per_image(lambda x, c: c)),
        ("purple-fitted-threshold-sigma1.5-cortex", _fitted_threshold(1.5)),
        ("purple-fitted-threshold-sigma3-cortex", _fitted_threshold(3.0)),
    ]
    for t in (0.2, 0.25, 0.3, 0.35):
        for sigma in (1.0, 2.5):
            panel.append((f"purple-threshold-{t:g}-sigma{sigma:g}", _per_image(_threshold(t, sigma))))
            panel.append((f"purple-threshold-{t:g}-sigma{sigma:g}-open2-area40",
                          _per_image(_threshold(t, sigma, 2, 40))))
            panel.append((f"purple-threshold-{t:g}-sigma{sigma:g}-cortex-open2-area40",
                          _per_image(_threshold(t, sigma, 2, 40, cortex=True))))
    # the grid: every cheap model on every feature set and share; the heavy ones on some cells
    for model in ("naive-bayes", "logreg", "tree-depth4", "tree-depth10"):
        for columns in COLUMNS:
            for share, f in grid.FRACTIONS.items():
                panel.append((f"{model}-{columns}-{share}-t0.5", _model(model, columns, f, "t0.5")))
    for model, cells in HEAVY.items():
        for columns, share in cells:
            panel.append((f"{model}-{columns}-{share}-t0.5", _model(model, columns, grid.FRACTIONS[share], "t0.5")))
    for model in ("logreg", "hgb", "random-forest-50", "mlp-32"):
        for post in ("fill", "open1", "t0.4-fill", "share"):
            panel.append((f"{model}-context-all-{post}", _model(model, "context", 1.0, post)))
    for post in ("t0.5", "fill", "t0.4-fill"):
        panel.append((f"auto-context-logreg-then-hgb-{post}", _stacked("hgb", post)))
    big, every = 4 * N_PIXELS, POOL * 160  # every pooled pixel of the 160 training tiles
    for post in ("t0.5", "fill", "t0.4-fill"):
        panel.append((f"hgb-context-all-4x-pixels-{post}", _model("hgb", "context", 1.0, post, big)))
        panel.append((f"hgb-context-all-8x-pixels-{post}", _model("hgb", "context", 1.0, post, every)))
    strong = (("hgb", "context", every), ("mlp-64-32", "context"), ("auto-context", "hgb"))
    panel += [
        ("mlp-64-32-context-all-fill", _model("mlp-64-32", "context", 1.0, "fill")),
        ("mlp-64-32-context-all-t0.4-fill", _model("mlp-64-32", "context", 1.0, "t0.4-fill")),
        ("blend-logreg-hgb-mlp-fill", _blend(("logreg", "context"), ("hgb", "context"), ("mlp-32", "context"))),
        ("blend-hgb-forest-mlp-fill", _blend(("hgb", "context"), ("random-forest-50", "context"),
                                             ("mlp-32", "context"))),
        ("blend-hgb-forest-mlp-t0.4-fill", _blend(("hgb", "context"), ("random-forest-50", "context"),
                                                  ("mlp-32", "context"), post="t0.4-fill")),
        ("blend-all-families-fill", _blend(("logreg", "context"), ("hgb", "context"), ("random-forest-50", "context"),
                                           ("extra-trees-50", "context"), ("mlp-32", "context"))),
        ("blend-all-families-share", _blend(("logreg", "context"), ("hgb", "context"),
                                            ("random-forest-50", "context"), ("extra-trees-50", "context"),
                                            ("mlp-32", "context"), post="share")),
        ("blend-hgb-8x-mlp-64-32-auto-context-fill", _blend(*strong)),
        ("blend-hgb-8x-mlp-64-32-auto-context-t0.4-fill", _blend(*strong, post="t0.4-fill")),
        ("blend-hgb-8x-hgb-4x-mlp-64-32-t0.4-fill", _blend(("hgb", "context", every), ("hgb", "context", big),
                                                           ("mlp-64-32", "context"), post="t0.4-fill")),
    ]
    return grid.checked(panel)
