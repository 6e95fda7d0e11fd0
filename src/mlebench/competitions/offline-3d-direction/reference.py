"""Reference solutions for offline-3d-direction: the panel its leaderboard is built from.

Each solution reads the public metadata, pulse batches and sensor geometry and returns a
submission (``event_id, azimuth, zenith``). Recipes, from trivial to strong:
- constants: the sample's (1, 1), straight down, the mean training direction, random directions;
- geometric fits per event: ``linefit`` (least-squares velocity of the pulse positions against
  time, on ``all`` pulses, ``main`` (non-auxiliary) pulses, ``charge``-weighted, or ``clean``:
  pulses close in time to a first fit), the principal axis of the pulse positions oriented by time
  (``pca``), and a timing ``fit`` of the straight-track light-arrival model (scipy's least squares
  from the clean linefit, with a plain or soft-L1 loss, at most 10 or 20 evaluations);
- learned: regressors of the unit direction vector from per-event features (``lf``: the linefit
  vectors and pulse counts; ``all``: also centroids, spreads, principal axes and charge), swept over
  models, settings and training fractions (``f0.1`` … ``f1``: the first training events);
- blends: learned directions averaged with the timing fit's.
All are deterministic (fixed ``random_state``, one thread).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares
from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.multioutput import MultiOutputRegressor
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mlebench.offline.panel import Solution, hgb_regressor

C, C_SIDE = 0.2998, 0.22  # the speed of the particle and of the side light (m/ns), as in the description


def _angles(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    return np.mod(np.arctan2(v[:, 1], v[:, 0]), 2 * np.pi), np.arccos(np.clip(v[:, 2], -1, 1))


def _unit(azimuth: np.ndarray, zenith: np.ndarray) -> np.ndarray:
    return np.column_stack([np.cos(azimuth) * np.sin(zenith), np.sin(azimuth) * np.sin(zenith), np.cos(zenith)])


@lru_cache(maxsize=4)
def _events(public: Path, split: str) -> tuple[pd.DataFrame, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]]:
    """(meta, per event (positions, times, charges, auxiliary)) in the metadata's order."""
    meta = pd.read_parquet(public / f"{split}_meta.parquet")
    geo = pd.read_csv(public / "sensor_geometry.csv").set_index("sensor_id")[["x", "y", "z"]].to_numpy()
    pulses = pd.concat([pd.read_parquet(p) for p in sorted((public / split).glob("batch_*.parquet"))])
    pulses = pulses.loc[meta["event_id"]]
    ev = pulses.index.to_numpy()
    starts = np.r_[0, np.flatnonzero(ev[1:] != ev[:-1]) + 1, len(ev)]
    pos, t = geo[pulses["sensor_id"].to_numpy()], pulses["time"].to_numpy(dtype=float)
    q, aux = pulses["charge"].to_numpy(dtype=float), pulses["auxiliary"].to_numpy(dtype=bool)
    return meta, [(pos[a:b], t[a:b], q[a:b], aux[a:b]) for a, b in zip(starts[:-1], starts[1:])]


def _linefit(pos: np.ndarray, t: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """The direction the track came from: minus the weighted least-squares velocity."""
    w = np.ones(len(t)) if w is None else w
    tc = t - np.average(t, weights=w)
    xc = pos - np.average(pos, axis=0, weights=w)
    v = (w[:, None] * xc * tc[:, None]).sum(axis=0) / max((w * tc * tc).sum(), 1e-9)
    return -v


def _clean(pos: np.ndarray, t: np.ndarray, aux: np.ndarray) -> np.ndarray:
    """Mask of the non-auxiliary pulses within 300 ns of a first linefit's prediction."""
    keep = ~aux if (~aux).sum() >= 3 else np.ones(len(t), bool)
    v = -_linefit(pos[keep], t[keep])
    speed2 = max(v @ v, 1e-9)
    t_pred = t[keep].mean() + (pos - pos[keep].mean(axis=0)) @ v / speed2
    good = np.abs(t - t_pred) < 300
    return good if good.sum() >= 3 else keep


def _pca(pos: np.ndarray, t: np.ndarray) -> np.ndarray:
    xc = pos - pos.mean(axis=0)
    axis = np.linalg.svd(xc, full_matrices=False)[2][0] if len(pos) > 1 else np.array([0.0, 0.0, 1.0])
    return -axis if (xc @ axis) @ (t - t.mean()) > 0 else axis


def _geometric(kind: str, pos, t, q, aux) -> np.ndarray:
    if kind == "linefit-all":
        return _linefit(pos, t)
    if kind == "linefit-main":
        keep = ~aux if (~aux).sum() >= 3 else np.ones(len(t), bool)
        return _linefit(pos[keep], t[keep])
    if kind == "linefit-charge":
        return _linefit(pos, t, q)
    clean = _clean(pos, t, aux)
    if kind == "linefit-clean":
        return _linefit(pos[clean], t[clean])
    if kind == "pca-all":
        return _pca(pos, t)
    return _pca(pos[clean], t[clean])  # pca-clean


def _timing_fit(pos, t, aux, loss: str, evaluations: int) -> np.ndarray:
    """Least-squares fit of arrival times t0 + s / C + rho / C_SIDE along a straight track."""
    clean = _clean(pos, t, aux)
    u0 = _linefit(pos[clean], t[clean])
    az, zen = _angles(u0[None, :])
    centre = pos[clean].mean(axis=0)
    scale = 30.0

    def residuals(p: np.ndarray) -> np.ndarray:
        v = -_unit(np.array([p[0]]), np.array([p[1]]))[0]
        rel = pos - (centre + p[2:5])
        s = rel @ v
        rho = np.linalg.norm(rel - s[:, None] * v, axis=1)
        return (t - (p[5] + s / C + rho / C_SIDE)) / scale

    rel0 = pos[clean] - centre
    t00 = float(np.median(t[clean] - (rel0 @ -u0) / C))
    fit = least_squares(residuals, np.r_[az[0], zen[0], 0.0, 0.0, 0.0, t00], loss=loss, f_scale=1.0,
                        max_nfev=evaluations, method="trf")
    return _unit(np.array([fit.x[0]]), np.array([fit.x[1]]))[0]


def _features(public: Path, split: str, kind: str) -> np.ndarray:
    return _feature_table(public, split)[kind]


@lru_cache(maxsize=4)
def _feature_table(public: Path, split: str) -> dict[str, np.ndarray]:
    _, events = _events(public, split)
    lf, full = [], []
    for pos, t, q, aux in events:
        vecs = [_geometric(k, pos, t, q, aux) for k in ("linefit-all", "linefit-main", "linefit-charge",
                                                           "linefit-clean")]
        vecs = [v / max(np.linalg.norm(v), 1e-12) for v in vecs]
        counts = [len(t), (~aux).sum(), _clean(pos, t, aux).sum()]
        lf.append(np.concatenate([*vecs, counts]))
        extra = [_pca(pos, t), pos.mean(axis=0), pos.std(axis=0), np.average(pos, axis=0, weights=q),
                 [q.sum(), q.max(), t.max() - t.min(), np.corrcoef(pos[:, 2], t)[0, 1] if pos[:, 2].std() > 0 else 0.0]]
        full.append(np.concatenate([lf[-1], *extra]))
    return {"lf": np.asarray(lf), "all": np.asarray(full)}


def _submit(meta: pd.DataFrame, v: np.ndarray) -> pd.DataFrame:
    az, zen = _angles(np.asarray(v, dtype=float))
    return pd.DataFrame({"event_id": meta["event_id"].to_numpy(), "azimuth": az, "zenith": zen})


@lru_cache(maxsize=32)
def _geometric_vectors(public: Path, kind: str) -> np.ndarray:
    _, events = _events(public, "test")
    if kind.startswith("fit-"):  # fit-<loss>-n<evaluations>
        _, loss, evaluations = kind.split("-")
        return np.asarray([_timing_fit(pos, t, aux, loss, int(evaluations[1:])) for pos, t, q, aux in events])
    return np.asarray([_geometric(kind, *e) for e in events])


def _geometric_solution(kind: str) -> Solution:
    return lambda public: _submit(_events(public, "test")[0], _geometric_vectors(public, kind))


@lru_cache(maxsize=128)
def _learned_vectors(public: Path, key: str, make: Callable, kind: str, fraction: float) -> np.ndarray:
    meta, _ = _events(public, "train")
    n = int(round(len(meta) * fraction))
    x, xt = _features(public, "train", kind)[:n], _features(public, "test", kind)
    y = _unit(meta["azimuth"].to_numpy()[:n], meta["zenith"].to_numpy()[:n])
    return make().fit(x, y).predict(xt)


class _Learned:
    """A learned solution; ``key`` (its name) makes its predictions cacheable for blends."""

    def __init__(self, key: str, make: Callable, kind: str, fraction: float) -> None:
        self.key, self.make, self.kind, self.fraction = key, make, kind, fraction

    def vectors(self, public: Path) -> np.ndarray:
        return _learned_vectors(public, self.key, self.make, self.kind, self.fraction)

    def __call__(self, public: Path) -> pd.DataFrame:
        return _submit(_events(public, "test")[0], self.vectors(public))


def _blend(learned: _Learned, fit: str, weight: float) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        a = learned.vectors(public)
        a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
        return _submit(_events(public, "test")[0], weight * _geometric_vectors(public, fit) + (1 - weight) * a)

    return run


def _constant(what: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        meta, _ = _events(public, "test")
        n = len(meta)
        if what == "sample":
            return pd.DataFrame({"event_id": meta["event_id"].to_numpy(), "azimuth": 1.0, "zenith": 1.0})
        if what == "random":
            r = np.random.default_rng(0)
            return _submit(meta, _unit(r.uniform(0, 2 * np.pi, n), np.arccos(r.uniform(-1, 1, n))))
        if what == "straight-down":
            return _submit(meta, np.tile([0.0, 0.0, 1.0], (n, 1)))
        train, _ = _events(public, "train")
        mean = _unit(train["azimuth"].to_numpy(), train["zenith"].to_numpy()).mean(axis=0)
        return _submit(meta, np.tile(mean, (n, 1)))

    return run


def _models() -> dict[str, Callable]:
    return {
        "ridge-a0.1": lambda: make_pipeline(StandardScaler(), Ridge(0.1)),
        "ridge-a100": lambda: make_pipeline(StandardScaler(), Ridge(100.0)),
        "knn-5": lambda: make_pipeline(StandardScaler(), KNeighborsRegressor(5)),
        "knn-25": lambda: make_pipeline(StandardScaler(), KNeighborsRegressor(25)),
        "knn-75-distance": lambda: make_pipeline(StandardScaler(), KNeighborsRegressor(75, weights="distance")),
        "random-forest-leaf1": lambda: RandomForestRegressor(60, max_features=0.5, random_state=0),
        "random-forest-leaf10": lambda: RandomForestRegressor(60, min_samples_leaf=10, max_features=0.5, random_state=0),
        "extra-trees-leaf3": lambda: ExtraTreesRegressor(80, min_samples_leaf=3, max_features=0.7, random_state=0),
        "hgb-lr0.1-100": lambda: MultiOutputRegressor(hgb_regressor(learning_rate=0.1, max_iter=100)()),
        "hgb-lr0.05-300": lambda: MultiOutputRegressor(hgb_regressor(learning_rate=0.05, max_iter=300,
                                                                     max_leaf_nodes=15)()),
        "mlp-64": lambda: make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=(64,), alpha=1e-3, max_iter=400,
                                                                       early_stopping=True, random_state=0)),
        "mlp-128x64": lambda: make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=(128, 64), alpha=1e-3, max_iter=400,
                                                                           early_stopping=True, random_state=0)),
    }


def solutions() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [(f"constant-{w}", _constant(w))
                                         for w in ("sample", "random", "straight-down", "mean-train-direction")]
    panel += [(k, _geometric_solution(k)) for k in ("linefit-all", "linefit-main", "linefit-charge", "linefit-clean",
                                                     "pca-all", "pca-clean", "fit-linear-n20", "fit-soft_l1-n10",
                                                     "fit-soft_l1-n20")]
    learned: dict[str, _Learned] = {}
    for model, make in _models().items():
        for kind in ("lf", "all"):
            for fraction in (0.05, 0.2, 0.5, 1.0):
                name = f"{model}-{kind}-f{fraction:g}"
                learned[name] = _Learned(name, make, kind, fraction)
    panel += list(learned.items())
    for name in ("hgb-lr0.05-300-all-f1", "mlp-128x64-all-f1", "extra-trees-leaf3-all-f1", "ridge-a0.1-lf-f1"):
        for weight in (0.5, 0.75):
            panel.append((f"blend-fit-soft_l1-{weight:g}-{name}", _blend(learned[name], "fit-soft_l1-n20", weight)))
    return panel
