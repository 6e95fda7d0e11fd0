"""Reference solutions for offline-object-detection: the panel its leaderboard is built from.

Every solution but the trivial ones is a classical detector: smooth the image (Gaussian, sigma),
subtract the background (a wide Gaussian blur), threshold the absolute difference, take the
connected components above a minimum area as candidate boxes, describe each (area, box size,
fill ratio, contrast, moments) and classify it with a scikit-learn model trained on the training
images' candidates (label: the class of the true box it overlaps with IoU > 0.5, else
"background"). A candidate is written once per class with the model's probability as its
confidence (or only its best class). Sweeps: thresholds x smoothing x model family x training
fraction x feature subset; blends average several models' probabilities. All deterministic.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from scipy import ndimage
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline.panel import Solution, grid, hgb_classifier, rows, scaled

CLASSES = ("box", "disc", "triangle")
SIDE = 64
FEATURES = {
    "size": [0, 1, 2],           # area, box width, box height
    "shape": [0, 1, 2, 3, 4, 5],  # + fill ratio, aspect, elongation
    "all": list(range(10)),      # + contrast, its spread, centroid offsets in the box
}


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[np.ndarray, pd.DataFrame, np.ndarray, np.ndarray]:
    train = pd.read_csv(public / "train.csv", keep_default_na=False)
    test_ids = pd.read_csv(public / "sample_submission.csv")["id"].to_numpy()
    read = lambda folder, ids: np.stack([np.asarray(Image.open(public / folder / f"{i}.png"), dtype=float)  # noqa: E731
                                         for i in ids])
    return read("train", train["id"]), train, read("test", test_ids), test_ids


def _truth(labels: pd.Series) -> list[list[tuple[int, tuple[int, int, int, int]]]]:
    out = []
    for text in labels:
        f = text.split()
        out.append([(CLASSES.index(f[k]), tuple(int(v) for v in f[k + 2: k + 6])) for k in range(0, len(f), 6)])
    return out


def _candidates(images: np.ndarray, sigma: float, t: float, min_area: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(image index, box (x0, y0, x1, y1), features) of every connected component."""
    smooth = ndimage.gaussian_filter(images, (0, sigma, sigma)) if sigma else images
    background = ndimage.gaussian_filter(images, (0, 10, 10))
    diff = smooth - background
    fg = np.abs(diff) > t
    labels, n = ndimage.label(fg, structure=np.array([[[0] * 3] * 3, [[0, 1, 0], [1, 1, 1], [0, 1, 0]], [[0] * 3] * 3]))
    if n == 0:
        return np.zeros(0, int), np.zeros((0, 4)), np.zeros((0, 10))
    idx = np.arange(1, n + 1)
    slices = ndimage.find_objects(labels)
    area = ndimage.sum(np.ones_like(diff), labels, idx)
    contrast = ndimage.mean(np.abs(diff), labels, idx)
    spread = ndimage.standard_deviation(diff, labels, idx)
    com = np.asarray(ndimage.center_of_mass(fg, labels, idx))
    img = np.array([s[0].start for s in slices])
    box = np.array([[s[2].start, s[1].start, s[2].stop, s[1].stop] for s in slices], dtype=float)
    w, h = box[:, 2] - box[:, 0], box[:, 3] - box[:, 1]
    fill = area / (w * h)
    feats = np.column_stack([area, w, h, fill, w / h, np.maximum(w, h) / np.minimum(w, h), contrast, spread,
                             (com[:, 2] - box[:, 0]) / w - 0.5, (com[:, 1] - box[:, 1]) / h - 0.5])
    keep = area >= min_area
    return img[keep], box[keep], feats[keep]


def _iou(a: np.ndarray, b: tuple[int, int, int, int]) -> np.ndarray:
    w = np.clip(np.minimum(a[:, 2], b[2]) - np.maximum(a[:, 0], b[0]), 0, None)
    h = np.clip(np.minimum(a[:, 3], b[3]) - np.maximum(a[:, 1], b[1]), 0, None)
    inter = w * h
    return inter / ((a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@lru_cache(maxsize=16)
def _prepared(public: Path, sigma: float, t: float, min_area: int):
    train_x, train, test_x, test_ids = _load(public)
    tr_img, tr_box, tr_feat = _candidates(train_x, sigma, t, min_area)
    y = np.full(len(tr_img), len(CLASSES))  # background
    for k, objects in enumerate(_truth(train["label"])):
        sel = np.flatnonzero(tr_img == k)
        for c, b in objects:
            if len(sel):
                iou = _iou(tr_box[sel], b)
                if iou.max() > 0.5:
                    y[sel[iou.argmax()]] = c
    return (tr_img, tr_feat, y), _candidates(test_x, sigma, t, min_area), test_ids


def _submit(ids: np.ndarray, img: np.ndarray, box: np.ndarray, proba: np.ndarray, *, best_only: bool) -> pd.DataFrame:
    groups: list[list[str]] = [[] for _ in ids]
    for k in range(len(img)):
        classes = [int(proba[k, :len(CLASSES)].argmax())] if best_only else range(len(CLASSES))
        x0, y0, x1, y1 = (int(v) for v in box[k])
        groups[img[k]] += [f"{CLASSES[c]} {proba[k, c]:.4f} {x0} {y0} {x1} {y1}" for c in classes]
    return pd.DataFrame({"id": ids, "PredictionString": [" ".join(g) for g in groups]})


def detector(models, *, sigma: float = 1.0, t: float = 14.0, min_area: int = 12, fraction: float = 1.0,
             features: str = "all", best_only: bool = False) -> Solution:
    """Candidates from the threshold detector, classified by the mean probability of ``models``."""
    models = models if isinstance(models, list) else [models]

    def run(public: Path) -> pd.DataFrame:
        (tr_img, tr_feat, y), (img, box, feat), ids = _prepared(public, sigma, t, min_area)
        keep = np.isin(tr_img, rows(int(tr_img.max()) + 1, fraction))
        cols = FEATURES[features]
        proba = np.zeros((len(img), len(CLASSES) + 1))
        for make in models:
            model = make().fit(tr_feat[keep][:, cols], y[keep])
            p = model.predict_proba(feat[:, cols])
            proba[:, model.classes_] += p / len(models)
        return _submit(ids, img, box, proba, best_only=best_only)

    return run


def size_rule(*, sigma: float = 1.0, t: float = 14.0) -> Solution:
    """No learning: every candidate is a ``box`` whose confidence grows with its area."""
    def run(public: Path) -> pd.DataFrame:
        _, (img, box, feat), ids = _prepared(public, sigma, t, 12)
        proba = np.zeros((len(img), len(CLASSES) + 1))
        proba[:, 0] = feat[:, 0] / (feat[:, 0].max() if len(feat) else 1)
        return _submit(ids, img, box, proba, best_only=True)
    return run


def fill_rule(*, sigma: float = 1.0, t: float = 14.0) -> Solution:
    """No learning: the class from the fill ratio (1 box, ~0.8 disc, ~0.5 triangle), confidence 1."""
    def run(public: Path) -> pd.DataFrame:
        _, (img, box, feat), ids = _prepared(public, sigma, t, 12)
        cls = np.digitize(feat[:, 3], [0.65, 0.88])[:, None] == np.array([2, 1, 0])[None, :]
        return _submit(ids, img, box, np.column_stack([cls.astype(float), np.zeros(len(img))]), best_only=True)
    return run


def whole_image(label: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        ids = _load(public)[3]
        return pd.DataFrame({"id": ids, "PredictionString": f"{label} 0.5 0 0 {SIDE} {SIDE}"})
    return run


def random_boxes(n: int) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        ids = _load(public)[3]
        r = np.random.default_rng(n)
        out = []
        for _ in ids:
            xy = r.integers(0, SIDE - 8, size=(n, 2))
            wh = r.integers(6, 23, size=(n, 2))
            out.append(" ".join(f"{CLASSES[int(r.integers(3))]} {r.random():.3f} {x} {y} {min(SIDE, x + w)} {min(SIDE, y + h)}"
                                for (x, y), (w, h) in zip(xy, wh)))
        return pd.DataFrame({"id": ids, "PredictionString": out})
    return run


def no_boxes(public: Path) -> pd.DataFrame:
    return pd.DataFrame({"id": _load(public)[3], "PredictionString": ""})


MODELS = {
    "tree4": lambda: DecisionTreeClassifier(max_depth=4, random_state=0),
    "tree10": lambda: DecisionTreeClassifier(max_depth=10, min_samples_leaf=5, random_state=0),
    "nb": GaussianNB,
    "logreg": scaled(LogisticRegression(max_iter=500)),
    "knn15": scaled(KNeighborsClassifier(15)),
    "rf": lambda: RandomForestClassifier(60, min_samples_leaf=2, random_state=0, n_jobs=1),
    "et": lambda: ExtraTreesClassifier(60, min_samples_leaf=2, random_state=0, n_jobs=1),
    "hgb": hgb_classifier(max_iter=40, learning_rate=0.2, max_leaf_nodes=15),
}


def _sweeps() -> list[tuple[str, Solution]]:
    """Model family x features x training fraction at the default detector; the detector's
    threshold x smoothing with the strongest family; best-class-only output."""
    return [
        *grid("det", lambda model, features, frac: detector(MODELS[model], features=features, fraction=frac),
              model=tuple(MODELS), features=("size", "shape", "all"), frac=(0.05, 0.1, 0.3, 1.0)),
        *grid("hgb-det", lambda sigma, t: detector(MODELS["hgb"], sigma=sigma, t=t),
              sigma=(0.5, 1.0, 2.0), t=(11.0, 18.0, 25.0)),
        *grid("rf-det-best-only", lambda features: detector(MODELS["rf"], features=features, best_only=True),
              features=("shape", "all")),
        *grid("fill-rule", lambda sigma, t: fill_rule(sigma=sigma, t=t), sigma=(0.5, 1.0), t=(11.0, 18.0)),
    ]


def solutions() -> list[tuple[str, Solution]]:
    return _sweeps() + [
        ("no-boxes", no_boxes),
        ("whole-image-box", whole_image("box")),
        ("whole-image-disc", whole_image("disc")),
        ("random-boxes-3", random_boxes(3)),
        ("random-boxes-10", random_boxes(10)),
        ("size-rule", size_rule()),
        ("size-rule-sigma2", size_rule(sigma=2.0)),
        ("blend-rf-et-hgb", detector([MODELS["rf"], MODELS["et"], MODELS["hgb"]])),
        ("blend-rf-hgb-logreg", detector([MODELS["rf"], MODELS["hgb"], MODELS["logreg"]])),
        ("blend-all-models", detector(list(MODELS.values()))),
        ("blend-rf-et-hgb-sigma2", detector([MODELS["rf"], MODELS["et"], MODELS["hgb"]], sigma=2.0)),
        ("blend-rf-et-hgb-t18", detector([MODELS["rf"], MODELS["et"], MODELS["hgb"]], t=18.0)),
    ]
