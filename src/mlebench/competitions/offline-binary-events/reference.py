"""Reference solutions for offline-binary-events: the panel its leaderboard is built from.

Each solution reads the public labels and tracking files and returns a submission (``contact_id``,
``contact`` 0/1). Every labelled row (a pair of players at one step) gets features from both
players' tracking rows: the measured distance, its average and minimum over the five steps around
(the pair's own time series), its change, relative speed, speeds and accelerations, whether they are teammates and how much
they face each other (from their orientations). The panel is
a grid: distance rules (a fixed radius on the raw or the smoothed distance) and models (logistic
regression, gradient boosting, random forest, a tree, naive Bayes) x feature set (distance;
smoothed distances; everything) x setting x the share of the training plays used (5 %, 20 %,
all) x how probabilities become 0/1 (at 0.5, or at the threshold with the best training MCC),
plus constant baselines and blends. All deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import matthews_corrcoef
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline import grid
from mlebench.offline.panel import Solution
from mlebench.registry import load_competition_module


FEATURES = {
    "distance": ["distance"],
    "smoothed": ["distance", "distance_mean5", "distance_min5"],
    "all": ["distance", "distance_mean5", "distance_min5", "closing", "relative_speed", "speed_sum",
            "acceleration_sum", "same_team", "facing"],
}
KEY = ["game_play", "step", "nfl_player_id"]


def _pairs(labels: pd.DataFrame, tracking: pd.DataFrame) -> pd.DataFrame:
    t = tracking[KEY + ["team", "x_position", "y_position", "speed", "direction", "orientation", "acceleration"]]
    rad = np.radians(t["direction"])
    t = t.assign(vx=t["speed"] * np.sin(rad), vy=t["speed"] * np.cos(rad))
    df = labels.assign(nfl_player_id_2=labels["nfl_player_id_2"].astype(int))
    for k in (1, 2):
        df = df.merge(t.rename(columns={c: f"{c}_{k}" for c in t.columns if c not in KEY[:2]}),
                      left_on=["game_play", "step", f"nfl_player_id_{k}"],
                      right_on=["game_play", "step", f"nfl_player_id_{k}"], how="left")
    df["distance"] = np.hypot(df["x_position_1"] - df["x_position_2"], df["y_position_1"] - df["y_position_2"])
    df["relative_speed"] = np.hypot(df["vx_1"] - df["vx_2"], df["vy_1"] - df["vy_2"])
    df["speed_sum"] = df["speed_1"] + df["speed_2"]
    df["acceleration_sum"] = df["acceleration_1"] + df["acceleration_2"]
    df["same_team"] = (df["team_1"] == df["team_2"]).astype(float)
    to_second = np.arctan2(df["x_position_2"] - df["x_position_1"], df["y_position_2"] - df["y_position_1"])
    df["facing"] = (np.cos(np.radians(df["orientation_1"]) - to_second)
                    + np.cos(np.radians(df["orientation_2"]) - to_second - np.pi)) / 2
    df = df.sort_values(["game_play", "nfl_player_id_1", "nfl_player_id_2", "step"], kind="stable")
    pair = df.groupby(["game_play", "nfl_player_id_1", "nfl_player_id_2"], sort=False)["distance"]
    df["distance_mean5"] = pair.transform(lambda d: d.rolling(5, center=True, min_periods=1).mean())
    df["distance_min5"] = pair.transform(lambda d: d.rolling(5, center=True, min_periods=1).min())
    df["closing"] = pair.transform(lambda d: d.shift(-1).fillna(d) - d.shift(1).fillna(d))
    return df.sort_index()


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    labels = pd.read_csv(public / "train_labels.csv", dtype={"nfl_player_id_2": str})
    sample = pd.read_csv(public / "sample_submission.csv")
    parts = sample["contact_id"].str.rsplit("_", n=3, expand=True)
    test = pd.DataFrame({"contact_id": sample["contact_id"], "game_play": parts[0], "step": parts[1].astype(int),
                         "nfl_player_id_1": parts[2].astype(int), "nfl_player_id_2": parts[3]})
    read = lambda name: pd.read_csv(public / name)  # noqa: E731
    return (_pairs(labels, read("train_player_tracking.csv")), _pairs(test, read("test_player_tracking.csv")))


@lru_cache(maxsize=4)
def _train(public: Path, fraction: float) -> pd.DataFrame:
    train = _load(public)[0]
    return grid.first_share(train, fraction, groups=train["game_play"])


def _submit(public: Path, contact: np.ndarray) -> pd.DataFrame:
    test = _load(public)[1]
    return pd.DataFrame({"contact_id": test["contact_id"].to_numpy(), "contact": np.asarray(contact, dtype=int)})


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    return float(max(np.arange(0.05, 0.96, 0.05), key=lambda t: matthews_corrcoef(y, p > t)))


def _probabilities(kind: str, fraction: float, make: Callable, public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(test probabilities, training probabilities, training labels)."""
    train, test = _train(public, fraction), _load(public)[1]
    model = make().fit(train[FEATURES[kind]], train["contact"])
    return model.predict_proba(test[FEATURES[kind]])[:, 1], model.predict_proba(train[FEATURES[kind]])[:, 1], train["contact"].to_numpy()


def _model(kind: str, fraction: float, make: Callable, cut: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        p, p_train, y = _probabilities(kind, fraction, make, public)
        return _submit(public, p > (0.5 if cut == "cut0.5" else _best_threshold(y, p_train)))

    return run


def _blend(*parts: tuple[str, Callable]) -> Solution:
    """Mean probability of models trained on all plays, cut at the best training threshold."""

    def run(public: Path) -> pd.DataFrame:
        runs = [_probabilities(kind, 1.0, make, public) for kind, make in parts]
        p, p_train = np.mean([r[0] for r in runs], axis=0), np.mean([r[1] for r in runs], axis=0)
        return _submit(public, p > _best_threshold(runs[0][2], p_train))

    return run


def _radius(column: str, radius: float) -> Solution:
    return lambda public: _submit(public, _load(public)[1][column] < radius)


def _constant(value: int) -> Solution:
    return lambda public: _submit(public, np.full(len(_load(public)[1]), value))


def random_contacts(public: Path) -> pd.DataFrame:
    train, test = _load(public)
    return _submit(public, np.random.default_rng(0).random(len(test)) < train["contact"].mean())


def _logreg(c: float) -> Callable:
    return lambda: make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000))


def _hgb(depth: int | None, rate: float) -> Callable:
    return lambda: HistGradientBoostingClassifier(max_depth=depth, learning_rate=rate, max_iter=100,
                                                  early_stopping=False, random_state=0)


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [("no-contact", _constant(0)), ("all-contact", _constant(1)),
                                         ("random-at-training-rate", random_contacts)]
    for radius in (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0):
        panel.append((f"distance-below-{radius:g}", _radius("distance", radius)))
        panel.append((f"smoothed-distance-below-{radius:g}", _radius("distance_mean5", radius)))
    for share, f in grid.FRACTIONS.items():
        for kind in FEATURES:
            for c in (0.001, 0.1, 10.0):
                for cut in ("cut0.5", "cutbest"):
                    panel.append((f"logreg-C{c:g}-{kind}-{cut}-{share}", _model(kind, f, _logreg(c), cut)))
        for kind in ("smoothed", "all"):
            for depth, rate in ((2, 0.1), (None, 0.1)):
                panel.append((f"hgb-depth{depth or 'any'}-lr{rate:g}-{kind}-cutbest-{share}",
                              _model(kind, f, _hgb(depth, rate), "cutbest")))
        panel.append((f"gaussian-nb-all-cutbest-{share}", _model("all", f, GaussianNB, "cutbest")))
        panel.append((f"hgb-depth2-lr0.1-all-cut0.5-{share}", _model("all", f, _hgb(2, 0.1), "cut0.5")))
    for depth in (2, 4, 8):
        panel.append((f"tree-depth{depth}-all-cutbest-all", _model("all", 1.0, lambda d=depth: DecisionTreeClassifier(
            max_depth=d, random_state=0), "cutbest")))
    for leaf in (5, 50):
        for share in ("20pct", "all"):
            panel.append((f"random-forest-leaf{leaf}-all-cutbest-{share}", _model(
                "all", grid.FRACTIONS[share], lambda n=leaf: RandomForestClassifier(
                    50, min_samples_leaf=n, max_features=3, random_state=0), "cutbest")))
    panel += [
        ("blend-hgb-logreg-all", _blend(("all", _hgb(None, 0.1)), ("all", _logreg(0.1)))),
        ("blend-hgb-forest-all", _blend(("all", _hgb(None, 0.1)), ("all", lambda: RandomForestClassifier(
            50, min_samples_leaf=50, max_features=3, random_state=0)))),
        ("blend-hgb-forest-logreg-all", _blend(("all", _hgb(None, 0.1)), ("all", lambda: RandomForestClassifier(
            50, min_samples_leaf=50, max_features=3, random_state=0)), ("all", _logreg(0.1)))),
    ]
    return grid.checked(panel)
