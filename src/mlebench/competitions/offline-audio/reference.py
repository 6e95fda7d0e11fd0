"""Reference solutions for offline-audio: the panel its leaderboard is built from.

Each solution reads the clips in the public ``train2.zip`` (label from the file name) and
``test2.zip`` and returns a submission (``clip``, ``probability``). Features are spectrogram
summaries (mean/max energy per frequency band, overall loudness) and an up-sweep detector
(spectrogram smoothed along rising diagonals). The panel is a grid: model x feature set at the
full training set, the main models again on 5 % and 20 % of the training clips (one fixed
shuffle), settings of each model, and the strongest entries: a 1000-tree extra-trees model, a
stack of five models (1000- and 500-tree forests among them) combined on their 5-fold
out-of-fold predictions, and rank blends; plus trivial baselines (constant, random, loudness, the
raw up-sweep peak). All deterministic (fixed seeds, one thread).
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
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from mlebench.offline import grid
from mlebench.offline.panel import Solution, blend, hgb_classifier, memo, rows, scaled

RATE = 2000
NOTE = """Board build: 103 solutions in 6 min 39 s (387 s running the solutions, 81 s of CPU) on the shared
2-core machine (load ~10), measured with `nice .venv/bin/python -m mlebench.offline.reference -c offline-audio`."""


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


BASES = {  # the stack's base models: name -> (feature set, model)
    "extra-trees-1000-leaf2": ("upsweep+band-max", lambda: ExtraTreesClassifier(1000, min_samples_leaf=2, random_state=0)),
    "random-forest-500": ("upsweep", lambda: RandomForestClassifier(500, random_state=0)),
    "knn-25-distance": ("upsweep", scaled(KNeighborsClassifier(25, weights="distance"))),
    "logreg-C0.1": ("upsweep+band-max", scaled(LogisticRegression(C=0.1, max_iter=3000))),
    "naive-bayes": ("upsweep", GaussianNB),
}


@lru_cache(maxsize=len(BASES))
def _columns(public: Path, base: str) -> tuple[np.ndarray, np.ndarray]:
    """A base model's 5-fold out-of-fold training probabilities and its test probabilities when
    fitted on every training clip (computed once: the stacks and the base's own entry share them)."""
    f, y, ft, _ = _load(public)
    features, make = BASES[base]
    x, xt = _x(f, features), _x(ft, features)
    oof = np.zeros(len(y))
    with threadpool_limits(1):
        for fit, held in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
            oof[held] = make().fit(x[fit], y[fit]).predict_proba(x[held])[:, 1]
        return oof, make().fit(x, y).predict_proba(xt)[:, 1]


def _base(base: str) -> Solution:
    return lambda public: _submit(_load(public)[3], _columns(public, base)[1])


def _stack(bases: tuple[str, ...]) -> Solution:
    """The bases' out-of-fold probabilities combined by a logistic regression."""

    def run(public: Path) -> pd.DataFrame:
        y, clips = _load(public)[1], _load(public)[3]
        oof, test = (np.column_stack([_columns(public, b)[k] for b in bases]) for k in (0, 1))
        with threadpool_limits(1):
            return _submit(clips, LogisticRegression(C=1.0).fit(oof, y).predict_proba(test)[:, 1])

    return run


FEATURES = ("band-mean", "band-max", "upsweep", "upsweep+band-max", "upsweep+band-max+band-mean+loudness")
BOTH = "upsweep+band-max"
MODELS = {
    "logreg-C0.1": scaled(LogisticRegression(C=0.1, max_iter=3000)),
    "knn-25-distance": scaled(KNeighborsClassifier(25, weights="distance")),
    "tree-depth5": lambda: DecisionTreeClassifier(max_depth=5, random_state=0),
    "random-forest-200": lambda: RandomForestClassifier(200, random_state=0),
    "extra-trees-300": lambda: ExtraTreesClassifier(300, min_samples_leaf=2, random_state=0),
    "hgb-200": hgb_classifier(max_iter=200, learning_rate=0.05),
    "mlp-32": scaled(MLPClassifier((32,), alpha=1e-2, max_iter=300, random_state=0)),
    "naive-bayes": GaussianNB,
}
SHARED = ("logreg-C0.1", "random-forest-200", "extra-trees-300", "mlp-32", "naive-bayes")


def _panel() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [
        ("constant-prior", constant), ("random-scores", random_scores), ("loudness", loudness),
        ("upsweep-peak", upsweep_peak)]
    for name, make in MODELS.items():
        panel += [(f"{name}-{features}", _model(features, make)) for features in FEATURES]
    shared = {"5pct": (*SHARED, "knn-5-distance"), "20pct": (*SHARED, "hgb-200", "knn-25-distance")}
    for share, names in shared.items():  # hgb: no split on 16 clips; knn: k below the clips' count
        for name in names:
            make = MODELS.get(name, scaled(KNeighborsClassifier(5, weights="distance")))
            panel += [(f"{name}-{features}-{share}", _model(features, make, grid.FRACTIONS[share]))
                      for features in ("upsweep", BOTH)]
    for features in (BOTH, FEATURES[-1]):
        panel.append((f"hgb-tuned-{features}", _model(features, hgb_classifier(
            max_iter=300, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0))))
    for trees in (100, 300):
        for leaf in (1, 5):
            panel.append((f"extra-trees-{trees}-leaf{leaf}-{BOTH}", _model(BOTH, lambda t=trees, m=leaf: (
                ExtraTreesClassifier(t, min_samples_leaf=m, random_state=0)))))
    for features in ("upsweep", BOTH):
        for c in (0.01, 1.0):
            panel.append((f"logreg-C{c:g}-{features}", _model(features, scaled(LogisticRegression(C=c, max_iter=3000)))))
        for k in (5, 50):
            panel.append((f"knn-{k}-distance-{features}", _model(features, scaled(
                KNeighborsClassifier(k, weights="distance")))))
        for iters in (50, 300):
            panel.append((f"hgb-depth2-{iters}-{features}", _model(features, hgb_classifier(max_depth=2, max_iter=iters))))
        for hidden, alpha in (((64,), 1e-2), ((32, 32), 1e-2), ((32,), 1.0)):
            label = "+".join(map(str, hidden))
            panel.append((f"mlp-{label}-alpha{alpha:g}-{features}", _model(features, scaled(MLPClassifier(
                hidden, alpha=alpha, max_iter=300, random_state=0)))))
    et, rf, knn = memo(_base("extra-trees-1000-leaf2")), memo(_base("random-forest-500")), memo(_base("knn-25-distance"))
    panel += [
        (f"extra-trees-1000-leaf2-{BOTH}", et),
        ("random-forest-500-upsweep", rf),
        ("stack-5-models-logreg", _stack(tuple(BASES))),
        ("stack-forests-logreg", _stack(("extra-trees-1000-leaf2", "random-forest-500"))),
        ("blend-extra-trees+random-forest", blend([et, rf], ranks=True)),
        ("blend-extra-trees+random-forest+knn", blend([et, rf, knn], ranks=True)),
        ("blend-extra-trees+peak", blend([et, upsweep_peak], ranks=True)),
        ("blend-forests+knn+peak", blend([et, rf, knn, upsweep_peak], ranks=True)),
        ("blend-random-forest+knn", blend([rf, knn], ranks=True)),
    ]
    return panel


def solutions() -> list[tuple[str, Solution]]:
    return grid.checked(_panel())
