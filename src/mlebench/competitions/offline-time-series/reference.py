"""Reference solutions for offline-time-series: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv``/``holidays.csv`` and returns a
submission (``id``, ``sales``). All are deterministic and span trivial (zero, a global mean) over
classical forecasts (last value, seasonal naive, same day last year, multiplicative decomposition)
to regression models on calendar and lag features (linear, trees, gradient boosting).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import PoissonRegressor, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeRegressor

from mlebench.offline.panel import Solution, blend, grid, hgb_regressor, memo, rows

SERIES = ["store", "item"]


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    train = pd.read_csv(public / "train.csv", parse_dates=["date"])
    test = pd.read_csv(public / "test.csv", parse_dates=["date"])
    hol = pd.read_csv(public / "holidays.csv", parse_dates=["date"])
    return train, test, hol


def _submit(test: pd.DataFrame, pred) -> pd.DataFrame:
    return pd.DataFrame({"id": test["id"].to_numpy(), "sales": np.clip(np.asarray(pred, dtype=float), 0, None)})


def _recent(train: pd.DataFrame, days: int) -> pd.DataFrame:
    return train[train["date"] > train["date"].max() - pd.Timedelta(days=days)]


def _by_series(stat: Callable[[pd.DataFrame], pd.Series]) -> Solution:
    """A per-series value, the same for every day of the horizon."""

    def run(public: Path) -> pd.DataFrame:
        train, test, _ = _load(public)
        value = stat(train).rename("pred").reset_index()
        return _submit(test, test.merge(value, on=SERIES, how="left")["pred"])

    return run


def constant(value: Callable[[pd.Series], float]) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test, _ = _load(public)
        return _submit(test, np.full(len(test), value(train["sales"])))

    return run


def same_weekday(weeks: int, agg: str = "mean") -> Solution:
    """Per series and weekday, the mean (or median) of the last ``weeks`` weeks."""

    def run(public: Path) -> pd.DataFrame:
        train, test, _ = _load(public)
        recent = _recent(train, 7 * weeks).assign(wd=lambda d: d["date"].dt.day_of_week)
        table = recent.groupby([*SERIES, "wd"])["sales"].agg(agg).rename("pred").reset_index()
        return _submit(test, test.assign(wd=test["date"].dt.day_of_week).merge(table, on=[*SERIES, "wd"], how="left")["pred"])

    return run


def last_year(scaled: bool) -> Solution:
    """Sales 364 days earlier (same weekday), optionally scaled by the series' growth over a year."""

    def run(public: Path) -> pd.DataFrame:
        train, test, _ = _load(public)
        lag = train.assign(date=train["date"] + pd.Timedelta(days=364))[[*SERIES, "date", "sales"]]
        pred = test.merge(lag, on=[*SERIES, "date"], how="left")["sales"].to_numpy(dtype=float)
        if scaled:
            end = train["date"].max()
            now = _recent(train, 56).groupby(SERIES)["sales"].mean()
            then_rows = train[(train["date"] > end - pd.Timedelta(days=364 + 56)) & (train["date"] <= end - pd.Timedelta(days=364))]
            growth = (now / then_rows.groupby(SERIES)["sales"].mean()).rename("g").reset_index()
            pred = pred * test.merge(growth, on=SERIES, how="left")["g"].to_numpy()
        return _submit(test, pred)

    return run


def decomposition(public: Path) -> pd.DataFrame:
    """Multiplicative: recent level x recent weekday profile x last year's smoothed seasonal ratio
    (a 7-day centred mean a year earlier over the mean of the 8 weeks before last year's origin)."""
    train, test, _ = _load(public)
    end = train["date"].max()
    recent = _recent(train, 56).assign(wd=lambda d: d["date"].dt.day_of_week)
    level = recent.groupby(SERIES)["sales"].mean().rename("level")
    wdf = (recent.groupby([*SERIES, "wd"])["sales"].mean() / level).rename("wdf")
    ordered = train.sort_values([*SERIES, "date"])
    smooth = ordered.groupby(SERIES)["sales"].transform(lambda x: x.rolling(7, center=True, min_periods=4).mean())
    ly = ordered[[*SERIES, "date"]].assign(smooth=smooth.to_numpy(), date=ordered["date"] + pd.Timedelta(days=364))
    ref_rows = train[(train["date"] > end - pd.Timedelta(days=364 + 56)) & (train["date"] <= end - pd.Timedelta(days=364))]
    ly = ly.merge(ref_rows.groupby(SERIES)["sales"].mean().rename("ref").reset_index(), on=SERIES)
    ly["season"] = ly["smooth"] / ly["ref"]
    df = (test.assign(wd=test["date"].dt.day_of_week)
          .merge(level.reset_index(), on=SERIES, how="left")
          .merge(wdf.reset_index(), on=[*SERIES, "wd"], how="left")
          .merge(ly[[*SERIES, "date", "season"]], on=[*SERIES, "date"], how="left"))
    return _submit(test, df["level"] * df["wdf"] * df["season"].fillna(1.0))


def calendar(df: pd.DataFrame, hol: pd.DataFrame, start: pd.Timestamp) -> pd.DataFrame:
    """Calendar features of each row: series, weekday, day of year, years since the start, holidays."""
    d = df["date"]
    out = pd.DataFrame({
        "store": df["store"], "item": df["item"], "weekday": d.dt.day_of_week, "month": d.dt.month,
        "day_of_year": d.dt.day_of_year, "day_of_month": d.dt.day, "years": (d - start).dt.days / 365.25,
    })
    names = sorted(hol["holiday"].unique())
    by_date = hol.assign(code=hol["holiday"].map({n: i + 1 for i, n in enumerate(names)})).set_index("date")["code"]
    out["holiday"] = d.map(by_date).fillna(0).astype(int)
    out["days_to_christmas"] = (pd.to_datetime(d.dt.year.astype(str) + "-12-25") - d).dt.days.clip(-10, 40)
    return out


@lru_cache(maxsize=2)
def _calendar(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    train, test, hol = _load(public)
    start = train["date"].min()
    return calendar(train, hol, start), calendar(test, hol, start)


@lru_cache(maxsize=2)
def lag_features(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Calendar features plus, per row, the series' sales 364 days before and its level over the
    8 weeks before the forecast origin (for training rows, 8 weeks ending 28 days earlier)."""
    train, test, _ = _load(public)
    f, ft = _calendar(public)
    s = train.set_index([*SERIES, "date"])["sales"]
    key = lambda df, days: pd.MultiIndex.from_arrays(  # noqa: E731
        [df["store"], df["item"], df["date"] - pd.Timedelta(days=days)])
    roll = train.sort_values([*SERIES, "date"]).groupby(SERIES)["sales"].transform(lambda x: x.rolling(56, min_periods=28).mean())
    level = pd.Series(roll.to_numpy(), index=pd.MultiIndex.from_frame(train.sort_values([*SERIES, "date"])[[*SERIES, "date"]]))
    origin = train["date"].max()
    f = f.assign(lag364=s.reindex(key(train, 364)).to_numpy(), level=level.reindex(key(train, 28)).to_numpy())
    test_origin = pd.MultiIndex.from_arrays([test["store"], test["item"], pd.Series(origin, index=test.index)])
    ft = ft.assign(lag364=s.reindex(key(test, 364)).to_numpy(), level=level.reindex(test_origin).to_numpy())
    return f, ft


def _model(make, *, lags: bool = False, log: bool = False, columns: list[str] | None = None, frac: float = 1.0,
           seeds: int = 1) -> Solution:
    """``make()`` fitted on ``frac`` of the training rows; with ``seeds`` > 1 the mean of that many fits,
    each on its own 80% of them (bagging)."""

    def run(public: Path) -> pd.DataFrame:
        train, test, _ = _load(public)
        f, ft = lag_features(public) if lags else _calendar(public)
        cols = columns or list(f.columns)
        y = train["sales"].to_numpy(dtype=float)
        y = np.log1p(y) if log else y
        keep = rows(len(y), frac)
        draws = [keep] if seeds == 1 else [keep[rows(len(keep), 0.8, s)] for s in range(seeds)]
        pred = np.mean([make().fit(f[cols].iloc[r], y[r]).predict(ft[cols]) for r in draws], axis=0)
        return _submit(test, np.expm1(pred) if log else pred)

    return run


def _hgb(**kw):
    return hgb_regressor(categorical_features=["store", "item", "holiday"], **kw)


def _onehot(est, numeric: list[str]):
    cats = ["store", "item", "weekday", "month", "holiday"]
    return lambda: make_pipeline(
        make_column_transformer((OneHotEncoder(handle_unknown="ignore"), cats), ("passthrough", numeric)), est)


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


LAG_COLUMNS = ["store", "item", "weekday", "month", "day_of_year", "day_of_month", "years", "holiday",
               "days_to_christmas", "lag364", "level"]


def _sweeps() -> list[tuple[str, Solution]]:
    """Model families x settings x training fractions x feature subsets, trivial to strong.

    The strongest: gradient boosting with the lag and level features, tuned, bagged (10 fits: 10x
    the compute of one) and blended.
    """
    best = dict(loss="poisson", max_iter=200)
    lagged = memo(_model(_hgb(**best), lags=True))
    slow = memo(_model(_hgb(loss="poisson", learning_rate=0.05, max_iter=400, max_leaf_nodes=63), lags=True))
    bag = memo(_model(_hgb(**best), lags=True, seeds=10))
    return [
        *grid("hgb-lags", lambda loss, lr, leaves: _model(_hgb(loss=loss, learning_rate=lr, max_leaf_nodes=leaves,
                                                               max_iter=200), lags=True),
              _loss=("poisson", "squared_error", "absolute_error"), lr=(0.05, 0.1, 0.2), leaves=(15, 31)),
        *grid("hgb-calendar", lambda loss, lr: _model(_hgb(loss=loss, learning_rate=lr, max_iter=200)),
              _loss=("poisson", "squared_error", "absolute_error"), lr=(0.05, 0.2)),
        *grid("hgb-lags-log", lambda loss: _model(_hgb(loss=loss, max_iter=200), lags=True, log=True),
              _loss=("squared_error", "absolute_error")),
        *grid("hgb-lags-poisson-without", lambda drop: _model(_hgb(**best), lags=True, columns=[
            c for c in LAG_COLUMNS if c != drop]), _drop=("days_to_christmas", "lag364", "level", "day_of_year")),
        *grid("hgb-lags-poisson", lambda frac: _model(_hgb(**best), lags=True, frac=frac), frac=(0.1, 0.3, 0.6)),
        *grid("hgb-lags-poisson", lambda l2, min_leaf: _model(_hgb(**best, l2_regularization=l2,
                                                                   min_samples_leaf=min_leaf), lags=True),
              l2=(1.0, 10.0), min_leaf=(20, 100)),
        *grid("hgb-lags-poisson-lr0.05", lambda iters: _model(_hgb(loss="poisson", learning_rate=0.05,
                                                                   max_iter=iters), lags=True), iters=(100, 800)),
        *grid("same-weekday", lambda weeks, agg: same_weekday(weeks, agg), weeks=(2, 3, 6, 12, 26, 52),
              agg=("mean", "median")),
        *grid("series-mean-last", lambda days: _by_series(lambda tr: _recent(tr, days).groupby(SERIES)["sales"].mean()),
              days=(3, 14, 56, 112)),
        *grid("series-median-last", lambda days: _by_series(
            lambda tr: _recent(tr, days).groupby(SERIES)["sales"].median()), days=(7, 28)),
        *grid("ridge-onehot-calendar", lambda alpha, log: _model(_onehot(Ridge(alpha=alpha), ["years"]), log=log),
              alpha=(0.1, 10.0), log=(False, True)),
        *grid("poisson-glm-onehot-calendar", lambda alpha: _model(_onehot(PoissonRegressor(
            alpha=alpha, max_iter=300), ["years"])), alpha=(1e-3, 1e-2)),
        *grid("tree", lambda depth, lags: _model(lambda: DecisionTreeRegressor(max_depth=depth, random_state=0),
                                                 lags=lags), depth=(4, 12, 16), lags=(False, True)),
        *grid("random-forest-50", lambda leaf, lags: _model(lambda: RandomForestRegressor(
            50, min_samples_leaf=leaf, max_samples=0.3, random_state=0), lags=lags), leaf=(5, 20), lags=(False, True)),
        ("hgb-lags-poisson-bag10", bag),
        ("hgb-lags-poisson-bag3", _model(_hgb(**best), lags=True, seeds=3)),
        ("blend-lags+lags-slow", blend([lagged, slow])),
        ("blend-bag10+lags-slow", blend([bag, slow])),
        ("blend-lags+decomposition-3:1", blend([lagged, decomposition], [3, 1])),
        ("blend-lags+calendar-poisson", blend([lagged, _model(_hgb(loss="poisson", max_iter=200))])),
    ]


def _panel() -> list[tuple[str, Solution]]:
    return _sweeps() + [
        ("zero (sample submission)", constant(lambda y: 0.0)),
        ("global-mean", constant(lambda y: float(y.mean()))),
        ("series-mean-all-history", _by_series(lambda tr: tr.groupby(SERIES)["sales"].mean())),
        ("series-last-value", _by_series(lambda tr: tr[tr["date"] == tr["date"].max()].set_index(SERIES)["sales"])),
        ("series-mean-last-7-days", _by_series(lambda tr: _recent(tr, 7).groupby(SERIES)["sales"].mean())),
        ("series-mean-last-28-days", _by_series(lambda tr: _recent(tr, 28).groupby(SERIES)["sales"].mean())),
        ("seasonal-naive-last-week", same_weekday(1)),
        ("same-weekday-mean-4-weeks", same_weekday(4)),
        ("same-weekday-median-8-weeks", same_weekday(8, "median")),
        ("same-day-last-year", last_year(scaled=False)),
        ("same-day-last-year-scaled", last_year(scaled=True)),
        ("decomposition-level-weekday-season", decomposition),
        ("ridge-onehot-calendar", _model(_onehot(Ridge(alpha=1.0), ["years"]))),
        ("ridge-onehot-calendar-log", _model(_onehot(Ridge(alpha=1.0), ["years"]), log=True)),
        ("poisson-glm-onehot-calendar", _model(_onehot(PoissonRegressor(alpha=1e-4, max_iter=300), ["years"]))),
        ("tree-depth8-calendar", _model(lambda: DecisionTreeRegressor(max_depth=8, random_state=0))),
        ("random-forest-20-calendar", _model(lambda: RandomForestRegressor(
            20, min_samples_leaf=10, max_samples=0.3, random_state=0))),
        ("hgb-calendar-squared", _model(_hgb(max_iter=200))),
        ("hgb-calendar-poisson", _model(_hgb(loss="poisson", max_iter=200))),
        ("hgb-calendar-absolute", _model(_hgb(loss="absolute_error", max_iter=200))),
        ("hgb-lags-poisson", _model(_hgb(loss="poisson", max_iter=200), lags=True)),
        ("hgb-lags-poisson-lr0.05-400", _model(_hgb(loss="poisson", learning_rate=0.05, max_iter=400,
                                                    max_leaf_nodes=63), lags=True)),
    ]
