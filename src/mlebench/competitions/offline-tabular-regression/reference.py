"""Reference solutions for offline-tabular-regression: the panel its leaderboard is built from.

Each solution reads the public ``labels.csv``/``test.csv`` and returns a submission (``key``,
``fare_amount``). All are deterministic (fixed ``random_state``) and span trivial (v1's constant
11.35, the mean) to reasonably strong (gradient boosting on distance, airport and time features).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor
from sklearn.linear_model import HuberRegressor, LinearRegression, Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.tree import DecisionTreeRegressor

from mlebench.offline.panel import Solution, hgb_regressor, scaled

TARGET = "fare_amount"
AIRPORTS = {"jfk": (40.6413, -73.7781), "lga": (40.7769, -73.8740), "ewr": (40.6895, -74.1745)}
RAW = ["pickup_longitude", "pickup_latitude", "dropoff_longitude", "dropoff_latitude", "passenger_count"]


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype={"key": str, "pickup_datetime": str})  # noqa: E731
    return read("labels.csv"), read("test.csv")


def _haversine(lat1, lon1, lat2, lon2) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def features(df: pd.DataFrame) -> pd.DataFrame:
    """Distance, airport proximity and calendar features of each ride."""
    when = pd.to_datetime(df["pickup_datetime"].str.removesuffix(" UTC"), format="%Y-%m-%d %H:%M:%S")
    out = df[RAW].copy()
    out["km"] = _haversine(df["pickup_latitude"], df["pickup_longitude"], df["dropoff_latitude"], df["dropoff_longitude"])
    out["no_gps"] = (df[RAW[:4]] == 0).all(axis=1).astype(int)
    out["year"] = when.dt.year + (when.dt.day_of_year - 1) / 366
    out["new_tariff"] = (when >= pd.Timestamp("2012-09-04")).astype(int)
    out["hour"] = when.dt.hour
    out["weekday"] = when.dt.day_of_week
    for name, (lat, lon) in AIRPORTS.items():
        a = _haversine(df["pickup_latitude"], df["pickup_longitude"], lat, lon)
        b = _haversine(df["dropoff_latitude"], df["dropoff_longitude"], lat, lon)
        out[f"{name}_km"] = np.minimum(a, b)
    # rides with no GPS fix have no meaningful distances: leave them missing
    out.loc[out["no_gps"] == 1, ["km", *(f"{n}_km" for n in AIRPORTS)]] = np.nan
    return out


@lru_cache(maxsize=2)
def _features(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    train, test = _load(public)
    return features(train), features(test)


def _submit(test: pd.DataFrame, pred) -> pd.DataFrame:
    return pd.DataFrame({"key": test["key"].to_numpy(), TARGET: np.asarray(pred, dtype=float)})


def _clean(train: pd.DataFrame, f: pd.DataFrame) -> np.ndarray:
    """Rows worth learning from: a real fare and a plausible ride."""
    return ((train[TARGET] > 0) & (train[TARGET] < 150) & (f["no_gps"] == 0) & (f["km"] < 100)).to_numpy()


def _model(make, columns: list[str] | None = None, *, clean: bool = False) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        f, ft = _features(public)
        cols = columns or list(f.columns)
        keep = _clean(train, f) if clean else np.ones(len(train), dtype=bool)
        model = make().fit(f.loc[keep, cols].to_numpy(), train.loc[keep, TARGET].to_numpy())
        return _submit(test, model.predict(ft[cols].to_numpy()))

    return run


def _constant(stat: Callable[[pd.Series], float]) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        return _submit(test, np.full(len(test), stat(train[TARGET])))

    return run


def group_mean(column: str) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        f, ft = _features(public)
        means = train[TARGET].groupby(f[column]).mean()
        return _submit(test, ft[column].map(means).fillna(train[TARGET].mean()))

    return run


def distance_by_tariff(public: Path) -> pd.DataFrame:
    """A separate least-squares line of fare on distance before and after the 2012 fare change."""
    train, test = _load(public)
    f, ft = _features(public)
    keep = _clean(train, f)
    pred = np.full(len(test), float(train[TARGET].mean()))
    for tariff in (0, 1):
        rows = keep & (f["new_tariff"] == tariff).to_numpy()
        slope, intercept = np.polyfit(f.loc[rows, "km"], train.loc[rows, TARGET], 1)
        where = ((ft["new_tariff"] == tariff) & ft["km"].notna()).to_numpy()
        pred[where] = intercept + slope * ft.loc[where, "km"].to_numpy()
    return _submit(test, pred)


LINEAR = ["km", "no_gps", "new_tariff", "year", "hour", "weekday", "jfk_km", "lga_km", "ewr_km"]


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    return [
        ("v1-sample-11.35", _constant(lambda y: 11.35)),
        ("train-mean", _constant(lambda y: float(y.mean()))),
        ("train-median", _constant(lambda y: float(y.median()))),
        ("mean-by-passenger-count", group_mean("passenger_count")),
        ("mean-by-hour", group_mean("hour")),
        ("linear-distance", _model(scaled(LinearRegression(), impute=True), ["km"])),
        ("linear-distance-cleaned", _model(scaled(LinearRegression(), impute=True), ["km"], clean=True)),
        ("linear-features", _model(scaled(LinearRegression(), impute=True), LINEAR, clean=True)),
        ("ridge-features", _model(scaled(Ridge(alpha=10.0), impute=True), LINEAR, clean=True)),
        ("huber-features", _model(scaled(HuberRegressor(max_iter=500), impute=True), LINEAR, clean=True)),
        ("knn-10-coordinates", _model(scaled(KNeighborsRegressor(10), impute=True), RAW[:4])),
        ("knn-25-features", _model(scaled(KNeighborsRegressor(25), impute=True), ["km", "jfk_km", "ewr_km", "year"])),
        ("tree-depth5-raw", _model(lambda: DecisionTreeRegressor(max_depth=5, random_state=0), RAW)),
        ("linear-distance-by-tariff", distance_by_tariff),
        ("tree-depth8-features", _model(lambda: DecisionTreeRegressor(max_depth=8, random_state=0))),
        ("random-forest-20-raw", _model(lambda: RandomForestRegressor(
            20, min_samples_leaf=5, max_samples=0.5, random_state=0), RAW)),
        ("random-forest-30-features", _model(lambda: RandomForestRegressor(
            30, min_samples_leaf=5, max_features=0.5, max_samples=0.5, random_state=0))),
        ("extra-trees-30-features", _model(lambda: ExtraTreesRegressor(30, min_samples_leaf=5, random_state=0))),
        ("hgb-raw-columns", _model(hgb_regressor(max_iter=200), RAW)),
        ("hgb-features", _model(hgb_regressor(max_iter=200))),
        ("hgb-features-cleaned", _model(hgb_regressor(max_iter=200), clean=True)),
        ("hgb-absolute-error", _model(hgb_regressor(loss="absolute_error", max_iter=200))),
        ("hgb-lr0.05-500-cleaned", _model(hgb_regressor(learning_rate=0.05, max_iter=500, max_leaf_nodes=31,
                                               l2_regularization=1.0), clean=True)),
    ]
