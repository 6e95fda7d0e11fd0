"""Reference solutions for offline-image-to-string: the panel its leaderboard is built from.

Each solution reads ``train_labels.csv`` and the PNGs in ``train/`` and ``test/`` and returns a
submission (``image_id, InChI``). Recipes, from trivial to strong:
- constants: the sample's string, the empty string, the most common symbol repeated to the most
  common length, random strings;
- segment and classify: each image is normalised (background to 0, ink to 1), its ink columns
  (a pixel above ``thr``) are cut into runs, runs wider than a symbol are split evenly
  (``split``; not with ``nosplit``), and each piece is classified by a model trained on the pieces
  of the training images whose piece count equals their string's length. Swept over models and
  their settings, piece features (``pixels``: the 24 x 12 piece; ``coarse``: 2 x 2 averages) and
  training fractions (``f0.02`` … ``f1``: the first training images);
- votes: per piece, the majority of several classifiers.
The count-only entry (``length-only``) predicts the most common symbol once per piece.
All are deterministic (fixed ``random_state``, one thread).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline.panel import Solution, hgb_classifier, scaled

PIECE_WIDTH, SYMBOL_WIDTH = 12, 10


def _path(folder: Path, image_id: str) -> Path:
    return folder / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png"


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """(train labels, train images, test ids, test images), images normalised to ink in [0, 1]."""
    train = pd.read_csv(public / "train_labels.csv", dtype=str)
    test_ids = pd.read_csv(public / "sample_submission.csv", dtype=str)["image_id"].to_numpy()

    def read(folder: Path, ids) -> np.ndarray:
        imgs = np.stack([np.asarray(Image.open(_path(folder, i)), dtype=float) for i in ids])
        bg = np.median(imgs, axis=(1, 2), keepdims=True)
        dark = np.percentile(imgs, 2, axis=(1, 2), keepdims=True)
        return np.clip((bg - imgs) / np.maximum(bg - dark, 1.0), 0, 1)

    return train, read(public / "train", train["image_id"]), test_ids, read(public / "test", test_ids)


def _pieces(img: np.ndarray, thr: float, split: bool) -> list[np.ndarray]:
    """Column runs of ink, wide runs split evenly, each padded/cut to PIECE_WIDTH columns."""
    cols = (img > thr).any(axis=0)
    edges = np.flatnonzero(np.diff(np.r_[0, cols.astype(int), 0]))
    out = []
    for a, b in zip(edges[::2], edges[1::2]):
        if b - a < 3:
            continue
        n = max(1, int(round((b - a) / (SYMBOL_WIDTH + 1.5)))) if split else 1
        for k in range(n):
            lo, hi = a + (b - a) * k // n, a + (b - a) * (k + 1) // n
            centre = (lo + hi) // 2
            left = max(0, min(img.shape[1] - PIECE_WIDTH, centre - PIECE_WIDTH // 2))
            out.append(img[:, left:left + PIECE_WIDTH])
    return out


def _features(pieces: list[np.ndarray], kind: str) -> np.ndarray:
    x = np.stack(pieces) if pieces else np.zeros((0, 24, PIECE_WIDTH))
    if kind == "coarse":
        x = x.reshape(len(x), 12, 2, PIECE_WIDTH // 2, 2).mean(axis=(2, 4))
    return x.reshape(len(x), x.shape[1] * x.shape[2])


@lru_cache(maxsize=16)
def _glyph_table(public: Path, thr: float, split: bool, kind: str):
    """(train piece features, their symbols, image index of each train piece, test features, test owners)."""
    train, imgs, _, test_imgs = _load(public)
    xs, ys, owner = [], [], []
    for i, (img, text) in enumerate(zip(imgs, train["InChI"])):
        p = _pieces(img, thr, split)
        if len(p) == len(text):
            xs.append(_features(p, kind))
            ys += list(text)
            owner += [i] * len(p)
    txs, towner = [], []
    for i, img in enumerate(test_imgs):
        p = _pieces(img, thr, split)
        txs.append(_features(p, kind))
        towner += [i] * len(p)
    return np.vstack(xs), np.asarray(ys), np.asarray(owner), np.vstack(txs), np.asarray(towner)


def _strings(symbols: np.ndarray, owner: np.ndarray, n: int) -> list[str]:
    out = [[] for _ in range(n)]
    for s, o in zip(symbols, owner):
        out[o].append(s)
    return ["".join(s) for s in out]


@lru_cache(maxsize=128)
def _symbols(public: Path, key: str, make: Callable, thr: float, split: bool, kind: str, fraction: float) -> np.ndarray:
    x, y, owner, xt, _ = _glyph_table(public, thr, split, kind)
    keep = owner < int(round(len(_load(public)[0]) * fraction))
    return make().fit(x[keep], y[keep]).predict(xt)


class _Reader:
    def __init__(self, key: str, make: Callable, thr: float = 0.35, split: bool = True, kind: str = "pixels",
                 fraction: float = 1.0) -> None:
        self.key, self.args = key, (make, thr, split, kind, fraction)

    def symbols(self, public: Path) -> np.ndarray:
        return _symbols(public, self.key, *self.args)

    def owners(self, public: Path) -> np.ndarray:
        _, thr, split, kind, _ = self.args
        return _glyph_table(public, thr, split, kind)[4]

    def __call__(self, public: Path) -> pd.DataFrame:
        ids = _load(public)[2]
        return _submit(ids, _strings(self.symbols(public), self.owners(public), len(ids)))


def _submit(ids, texts) -> pd.DataFrame:
    return pd.DataFrame({"image_id": ids, "InChI": list(texts)})


def _vote(*readers: _Reader) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        votes = np.stack([r.symbols(public) for r in readers], axis=1)
        winners = np.asarray([Counter(row).most_common(1)[0][0] for row in votes])  # ties: the first reader's
        ids = _load(public)[2]
        return _submit(ids, _strings(winners, readers[0].owners(public), len(ids)))

    return run


def _constant(what: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, _, ids, test_imgs = _load(public)
        symbol = Counter("".join(train["InChI"])).most_common(1)[0][0]
        length = Counter(train["InChI"].str.len()).most_common(1)[0][0]
        if what == "sample":
            return _submit(ids, ["BCD"] * len(ids))
        if what == "empty":
            return _submit(ids, [""] * len(ids))
        if what == "common-symbol-common-length":
            return _submit(ids, [symbol * length] * len(ids))
        if what == "random":
            r = np.random.default_rng(0)
            alphabet = sorted(set("".join(train["InChI"])))
            lengths = r.choice(train["InChI"].str.len().to_numpy(), len(ids))
            return _submit(ids, ["".join(r.choice(alphabet, n)) for n in lengths])
        return _submit(ids, [symbol * len(_pieces(img, 0.35, True)) for img in test_imgs])  # length-only

    return run


def _models() -> dict[str, Callable]:
    return {
        "logreg-C0.01": scaled(LogisticRegression(C=0.01, max_iter=500)),
        "logreg-C1": scaled(LogisticRegression(C=1.0, max_iter=500)),
        "knn-1": lambda: KNeighborsClassifier(1),
        "knn-7": lambda: KNeighborsClassifier(7),
        "naive-bayes": lambda: GaussianNB(),
        "tree-depth10": lambda: DecisionTreeClassifier(max_depth=10, random_state=0),
        "random-forest-100": lambda: RandomForestClassifier(100, random_state=0),
        "extra-trees-100": lambda: ExtraTreesClassifier(100, random_state=0),
        "linear-svm": scaled(LinearSVC(C=0.05)),
        "mlp-64": scaled(MLPClassifier((64,), alpha=1e-3, max_iter=200, early_stopping=True, random_state=0)),
        "hgb-50": hgb_classifier(max_iter=50, max_leaf_nodes=15),
    }


def solutions() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [(w, _constant(w)) for w in (
        "sample", "empty", "common-symbol-common-length", "random", "length-only")]
    readers: dict[str, _Reader] = {}
    for model, make in _models().items():
        for kind in ("pixels", "coarse"):
            for fraction in (0.02, 0.05, 0.2, 1.0):
                name = f"{model}-thr0.35-split-{kind}-f{fraction:g}"
                readers[name] = _Reader(name, make, kind=kind, fraction=fraction)
    for model in ("logreg-C1", "knn-1", "mlp-64"):
        for thr, split in ((0.5, True), (0.65, True), (0.5, False)):
            name = f"{model}-thr{thr:g}-{'split' if split else 'nosplit'}-pixels-f1"
            readers[name] = _Reader(name, _models()[model], thr=thr, split=split)
    panel += list(readers.items())
    best = [readers[f"{m}-thr0.35-split-pixels-f1"] for m in ("mlp-64", "extra-trees-100", "knn-1", "logreg-C1",
                                                            "random-forest-100")]
    panel += [("vote-mlp-extratrees-knn", _vote(*best[:3])), ("vote-five", _vote(*best)),
              ("vote-mlp-extratrees-forest", _vote(best[0], best[1], best[4]))]
    return panel
