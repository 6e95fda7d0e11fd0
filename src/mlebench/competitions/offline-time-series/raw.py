"""Raw files of a store-item daily sales forecast, laid out like ventilator-pressure-prediction's
download (``train.csv`` with an integer ``id`` per row and the target, ``test.csv`` without it,
``sample_submission.csv`` with ``id`` and the target), plus ``holidays.csv``.

Generative process (seeded numpy, seed 0): 4 stores x 20 items = 80 daily series over
2015-01-01 .. 2017-12-31; the raw test set is the 28 days after. For store s, item i, day t the
expected sales are exp(log-mean) with

    log-mean = level[s] + level[i] + trend[s, i] * years(t)
               + weekly[s][weekday] * amplitude[i]              (weekend-heavy, store-specific)
               + yearly[i] * sin(2 pi day-of-year / 365.25 + phase[i])
               + holiday(t)                                     (see HOLIDAYS; Christmas ramp)
               + store_shock[s, t] + noise[s, i, t]

where ``store_shock`` is an AR(1) process shared by a store's items (phi 0.85, sigma 0.04) and
``noise`` an AR(1) process per series (phi 0.6, sigma 0.07). Sales are Poisson draws around the
expected value, so recent history, weekly and yearly seasonality and holidays all matter.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import write_csv

START, END, TEST_END = "2015-01-01", "2017-12-31", "2018-01-28"
N_STORES, N_ITEMS = 4, 20


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> pd.Timestamp:
    """The n-th given weekday of a month (n = -1: the last one)."""
    days = pd.date_range(f"{year}-{month:02d}-01", periods=31, freq="D")
    days = days[(days.month == month) & (days.day_of_week == weekday)]
    return days[n]


def holidays(years: range) -> pd.DataFrame:
    """Holiday dates with their effect on log sales."""
    rows = []
    for y in years:
        thanksgiving = _nth_weekday(y, 11, 3, 3)
        rows += [
            (pd.Timestamp(f"{y}-01-01"), "New Year's Day", -0.7),
            (_nth_weekday(y, 5, 0, -1), "Memorial Day", 0.25),
            (pd.Timestamp(f"{y}-07-04"), "Independence Day", 0.35),
            (_nth_weekday(y, 9, 0, 0), "Labor Day", 0.2),
            (thanksgiving, "Thanksgiving", -0.8),
            (thanksgiving + pd.Timedelta(days=1), "Black Friday", 0.6),
            (pd.Timestamp(f"{y}-12-24"), "Christmas Eve", 0.3),
            (pd.Timestamp(f"{y}-12-25"), "Christmas Day", -1.5),
            (pd.Timestamp(f"{y}-12-31"), "New Year's Eve", 0.2),
        ]
    return pd.DataFrame(rows, columns=["date", "holiday", "effect"])


def _ar1(r: np.random.Generator, shape: tuple[int, ...], phi: float, sigma: float) -> np.ndarray:
    eps = r.normal(0, sigma, shape)
    out = np.empty(shape)
    out[..., 0] = eps[..., 0] / np.sqrt(1 - phi**2)
    for t in range(1, shape[-1]):
        out[..., t] = phi * out[..., t - 1] + eps[..., t]
    return out


def generate(raw: Path) -> None:
    df, hol, _ = _table()
    future = df["date"] > END
    train = df[~future].reset_index(drop=True)
    train.insert(0, "id", np.arange(1, len(train) + 1))
    test = df[future].drop(columns="sales").reset_index(drop=True)
    test.insert(0, "id", np.arange(len(train) + 1, len(train) + len(test) + 1))
    write_csv(train, raw / "train.csv")
    # the raw test set has no labels, as on Kaggle; like v1 we never use it for grading
    write_csv(test, raw / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "sales": 0}), raw / "sample_submission.csv")
    write_csv(hol.assign(date=hol["date"].dt.strftime("%Y-%m-%d"))[["date", "holiday"]], raw / "holidays.csv")


def true_medians() -> pd.DataFrame:
    """``id``, ``sales`` of the labelled rows (raw train.csv ids): the median of each day's Poisson
    draw given the generator's true daily intensity (its latent shocks included): the ceiling's
    predictions, since the median minimises the expected absolute error."""
    from scipy.stats import poisson

    df, _, intensity = _table()
    labelled = (df["date"] <= END).to_numpy()
    return pd.DataFrame({"id": np.arange(1, labelled.sum() + 1),
                         "sales": poisson.ppf(0.5, intensity[labelled]).astype(float)})


def _table() -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Every store x item x day with its sales, the holidays, and each row's true Poisson intensity."""
    r = np.random.default_rng(0)
    dates = pd.date_range(START, TEST_END, freq="D")
    n_days = len(dates)
    years = (dates - dates[0]).days.to_numpy() / 365.25
    doy = dates.day_of_year.to_numpy()
    wd = dates.day_of_week.to_numpy()

    store_level = r.normal(0, 0.3, N_STORES)
    item_level = r.normal(2.8, 0.6, N_ITEMS)
    trend = r.normal(0.08, 0.08, (N_STORES, N_ITEMS))
    weekly = np.array([0.0, -0.05, -0.02, 0.03, 0.12, 0.3, 0.25]) + r.normal(0, 0.04, (N_STORES, 7))
    amplitude = r.uniform(0.5, 1.5, N_ITEMS)
    yearly = r.uniform(0.05, 0.35, N_ITEMS)
    phase = r.uniform(0, 2 * np.pi, N_ITEMS)

    hol = holidays(range(2015, 2019))
    hol_effect = np.zeros(n_days)
    day_index = pd.Series(np.arange(n_days), index=dates)
    for d, e in zip(hol["date"], hol["effect"]):
        if d in day_index.index:
            hol_effect[day_index[d]] += e
    # pre-Christmas ramp: Dec 10 .. Dec 23 rising to +0.4
    ramp = (dates.month == 12) & (dates.day >= 10) & (dates.day <= 23)
    hol_effect[ramp] += 0.4 * (dates.day[ramp] - 9) / 14

    store_shock = _ar1(r, (N_STORES, n_days), 0.85, 0.04)
    noise = _ar1(r, (N_STORES, N_ITEMS, n_days), 0.6, 0.07)
    log_mean = (
        store_level[:, None, None] + item_level[None, :, None] + trend[:, :, None] * years
        + weekly[:, None, wd] * amplitude[None, :, None]
        + (yearly[:, None] * np.sin(2 * np.pi * doy / 365.25 + phase[:, None]))[None]
        + hol_effect + store_shock[:, None, :] + noise
    )
    sales = r.poisson(np.exp(log_mean))

    store, item, day = np.meshgrid(np.arange(N_STORES), np.arange(N_ITEMS), np.arange(n_days), indexing="ij")
    df = pd.DataFrame({
        "date": dates[day.ravel()].strftime("%Y-%m-%d"),
        "store": store.ravel() + 1,
        "item": item.ravel() + 1,
        "sales": sales.ravel(),
    })
    return df, hol, np.exp(log_mean).ravel()
