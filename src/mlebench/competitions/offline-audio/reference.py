"""Reference solutions for offline-audio: the panel its leaderboard is built from.

Each solution reads the clips in the public ``train2.zip`` (label from the file name) and
``test2.zip`` and returns a submission (``clip``, ``probability``). Features are spectrogram
summaries (mean/max energy per frequency band, overall loudness) and an up-sweep detector
(spectrogram smoothed along rising diagonals); models go from trivial (constant, loudness) to
reasonably strong (gradient boosting). All are deterministic (fixed seeds, one thread).
"""

from __future__ import annotations

import io
import wave
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import ndimage, signal
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from mlebench.offline.panel import Solution, blend, grid, hgb_classifier, memo, rows, scaled

RATE = 2000


def _read_zip(path: Path) -> dict[str, np.ndarray]:
    out = {}
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if n.endswith(".wav"):
                with wave.open(io.BytesIO(z.read(n))) as w:
                    out[Path(n).name] = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32768.0
    return out


def _spec(x: np.ndarray) -> np.ndarray:
    """log-power spectrogram, frequencies 0-500 Hz (rows) by time (columns)."""
    f, _, s = signal.spectrogram(x, fs=RATE, nperseg=128, noverlap=96)
    return np.log(s[f <= 500] + 1e-8)


def _upsweep(s: np.ndarray) -> np.ndarray:
    """Per-frequency-band peak of the spectrogram averaged along rising diagonals."""
    z = (s - np.median(s, axis=1, keepdims=True)) / (s.std(axis=1, keepdims=True) + 1e-6)
    acc = np.zeros_like(z)
    for slope in (0.5, 1.0):  # frequency bins per time step
        kern = np.zeros((9, 9))
        for k in range(9):
            kern[int(round(4 + (k - 4) * slope)), k] = 1.0
        acc = np.maximum(acc, ndimage.convolve(z, kern / kern.sum(), mode="nearest"))
    return acc.max(axis=1)


def _features(clips: list[np.ndarray]) -> dict[str, np.ndarray]:
    specs = [_spec(x) for x in clips]
    return {
        "loudness": np.array([[np.log(np.mean(x**2) + 1e-9)] for x in clips]),
        "band-mean": np.array([s.mean(1) for s in specs]),
        "band-max": np.array([np.hstack([s.max(1), s.std(1)]) for s in specs]),
        "upsweep": np.array([_upsweep(s) for s in specs]),
    }


@lru_cache(maxsize=2)
def _load(public: Path):
    tr, te = _read_zip(public / "train2.zip"), _read_zip(public / "test2.zip")
    y = np.array([int(Path(n).stem.rsplit("_", 1)[1]) for n in tr])
    return _features(list(tr.values())), y, _features(list(te.values())), list(te)


def _x(feats: dict[str, np.ndarray], names: str) -> np.ndarray:
    return np.hstack([feats[n] for n in names.split("+")])


def _submit(clips: list[str], p: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"clip": clips, "probability": np.clip(np.asarray(p, dtype=float), 0, 1)})


def _model(features: str, make, frac: float = 1.0) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        f, y, ft, clips = _load(public)
        keep = rows(len(y), frac)
        with threadpool_limits(1):  # one thread: deterministic and fair on a shared machine
            model = make().fit(_x(f, features)[keep], y[keep])
            return _submit(clips, model.predict_proba(_x(ft, features))[:, 1])

    return run


def constant(public: Path) -> pd.DataFrame:
    _, y, ft, clips = _load(public)
    return _submit(clips, np.full(len(clips), y.mean()))


def random_scores(public: Path) -> pd.DataFrame:
    _, _, _, clips = _load(public)
    return _submit(clips, np.random.default_rng(0).random(len(clips)))


def loudness(public: Path) -> pd.DataFrame:
    _, _, ft, clips = _load(public)
    return _submit(clips, 1 / (1 + np.exp(-ft["loudness"][:, 0])))


def upsweep_peak(public: Path) -> pd.DataFrame:
    """The strongest rising ridge between 50 and 350 Hz, squashed into [0, 1]."""
    _, _, ft, clips = _load(public)
    band = ft["upsweep"][:, 3:23]  # bins of 15.6 Hz: about 50-350 Hz
    return _submit(clips, 1 / (1 + np.exp(-band.max(1))))


FEATURES = ("band-mean", "band-max", "upsweep", "upsweep+band-max", "upsweep+band-max+band-mean+loudness")
MODELS = {
    "logreg-C0.1": scaled(LogisticRegression(C=0.1, max_iter=3000)),
    "knn-25-distance": scaled(KNeighborsClassifier(25, weights="distance")),
    "tree-depth5": lambda: DecisionTreeClassifier(max_depth=5, random_state=0),
    "random-forest-200": lambda: RandomForestClassifier(200, random_state=0),
    "extra-trees-300": lambda: ExtraTreesClassifier(300, min_samples_leaf=2, random_state=0),
    "hgb-200": hgb_classifier(max_iter=200, learning_rate=0.05),
    "mlp-32": scaled(MLPClassifier((32,), alpha=1e-2, max_iter=500, early_stopping=True, random_state=0)),
    "naive-bayes": GaussianNB,
}


def _sweeps() -> list[tuple[str, Solution]]:
    """Every model on every feature set, training fractions, forest sizes, and blends.

    The strongest: big tree ensembles on the up-sweep features (1000 trees: 10x the compute of the
    300-tree ones) and rank blends of forests, kNN and the raw up-sweep peak.
    """
    both = "upsweep+band-max"
    et = memo(_model(both, lambda: ExtraTreesClassifier(1000, min_samples_leaf=2, random_state=0)))
    rf = memo(_model("upsweep", lambda: RandomForestClassifier(1000, random_state=0)))
    knn = memo(_model("upsweep", scaled(KNeighborsClassifier(25, weights="distance"))))
    return [
        *(entry for name, make in MODELS.items()
          for entry in grid(name, lambda features, make=make: _model(features, make), _features=FEATURES)),
        *grid("frac", lambda frac, features, model: _model(features, MODELS[model], frac),
              frac=(0.25, 0.5), _features=("upsweep", both),
              _model=("random-forest-200", "extra-trees-300", "knn-25-distance")),
        *grid("extra-trees", lambda trees, leaf: _model(both, lambda: ExtraTreesClassifier(
            trees, min_samples_leaf=leaf, random_state=0)), trees=(100, 300, 1000), leaf=(1, 2, 5)),
        ("random-forest-1000-upsweep", rf),
        *grid("logreg", lambda C, features: _model(features, scaled(LogisticRegression(C=C, max_iter=3000))),
              C=(0.01, 1.0), _features=("upsweep", both)),
        *grid("knn", lambda k, features: _model(features, scaled(KNeighborsClassifier(k, weights="distance"))),
              k=(5, 50), _features=("upsweep", both)),
        *grid("hgb-depth2", lambda iters, features: _model(features, hgb_classifier(max_depth=2, max_iter=iters)),
              iters=(50, 300), _features=("upsweep", both)),
        ("blend-extra-trees+random-forest", blend([et, rf], ranks=True)),
        ("blend-extra-trees+random-forest+knn", blend([et, rf, knn], ranks=True)),
        ("blend-extra-trees+peak", blend([et, upsweep_peak], ranks=True)),
        ("blend-forests+knn+peak", blend([et, rf, knn, upsweep_peak], ranks=True)),
        ("blend-random-forest+knn", blend([rf, knn], ranks=True)),
    ]


def solutions() -> list[tuple[str, Solution]]:
    return _sweeps() + [
        ("constant-prior", constant),
        ("random-scores", random_scores),
        ("loudness", loudness),
        ("upsweep-peak", upsweep_peak),
        ("band-mean-naive-bayes", _model("band-mean", GaussianNB)),
        ("band-mean-logreg", _model("band-mean", scaled(LogisticRegression(C=0.1, max_iter=2000)))),
        ("band-mean-knn-15", _model("band-mean", scaled(KNeighborsClassifier(15)))),
        ("band-max-logreg", _model("band-max", scaled(LogisticRegression(C=0.1, max_iter=2000)))),
        ("band-max-tree-depth4", _model("band-max", lambda: DecisionTreeClassifier(max_depth=4, random_state=0))),
        ("band-max-random-forest-200", _model("band-max", lambda: RandomForestClassifier(200, random_state=0))),
        ("upsweep-logreg", _model("upsweep", scaled(LogisticRegression(C=0.1, max_iter=2000)))),
        ("upsweep-knn-25", _model("upsweep", scaled(KNeighborsClassifier(25, weights="distance")))),
        ("upsweep-tree-depth5", _model("upsweep", lambda: DecisionTreeClassifier(max_depth=5, random_state=0))),
        ("upsweep-random-forest-200", _model("upsweep", lambda: RandomForestClassifier(200, random_state=0))),
        ("upsweep+band-max-logreg", _model("upsweep+band-max", scaled(LogisticRegression(C=0.05, max_iter=3000)))),
        ("upsweep+band-max-extra-trees-300", _model("upsweep+band-max", lambda: ExtraTreesClassifier(
            300, min_samples_leaf=2, random_state=0))),
        ("upsweep+band-max-random-forest-300", _model("upsweep+band-max", lambda: RandomForestClassifier(
            300, min_samples_leaf=2, random_state=0))),
        ("upsweep+band-max-mlp-32", _model("upsweep+band-max", scaled(MLPClassifier(
            (32,), alpha=1e-2, max_iter=500, early_stopping=True, random_state=0)))),
        ("upsweep+band-max-hgb-depth2", _model("upsweep+band-max", hgb_classifier(max_depth=2, max_iter=100))),
        ("upsweep+band-max-hgb", _model("upsweep+band-max", hgb_classifier(max_iter=200, learning_rate=0.05))),
        ("all-hgb", _model("upsweep+band-max+band-mean+loudness", hgb_classifier(
            max_iter=300, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0))),
    ]
