"""Raw files laid out like new-york-city-taxi-fare-prediction's download (train.csv, test.csv,
sample_submission.csv; same columns, key and datetime formats), at a small scale.

Generative process (seeded numpy, seed 0), one row per taxi ride in New York, 2009-01 .. 2015-06:
- Pickup time: uniform day, hour drawn from a daily profile (quiet 3-6 am, busy evenings).
- Places: 8% of rides are airport rides (JFK 5%, LaGuardia 2.5%, Newark 0.5%) with the other end
  in Manhattan; the rest start in Manhattan (75%) or a wider city-wide area and end a
  log-normally distributed distance away (median about 2.3 km) in a uniform direction.
- Fare: the metered fare is 2.50 plus a per-km rate (1.24/km, raised to 1.55/km from
  2012-09-04, like the real fare change) times the road distance (1.3 x haversine, with
  ride-level noise), the rate inflated by congestion on weekday daytime hours; plus a 0.50
  night surcharge (20-6 h) and a 1.00 weekday peak surcharge (16-20 h). JFK <-> Manhattan rides
  pay a flat 45.00 (52.00 from 2012-09-04); Newark rides add 17.50. Then multiplicative
  log-normal noise (sigma 0.07) and additive N(0, 0.4) noise, rounded to cents.
- Dirty rows, as in Kaggle's data: 1.5% have all coordinates 0 (lost GPS; the fare is real),
  0.3% have pickup == dropoff, 0.2% are refunds (negative fares), 0.2% waited long (fare x 2-3),
  and 0.3% have passenger_count 0. passenger_count (1-6) has no effect on the fare.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import write_csv

N_TRAIN, N_TEST = 36000, 1000  # prepare.py holds 16,000 of the 36,000 labelled rides out as the test set
MANHATTAN = (40.7580, -73.9855)
AIRPORTS = {"JFK": (40.6413, -73.7781), "LGA": (40.7769, -73.8740), "EWR": (40.6895, -74.1745)}
HOUR_WEIGHTS = np.array([5, 4, 3, 2, 1.5, 1.5, 3, 5, 6, 6, 6, 6, 6.5, 6.5, 6.5, 6, 6, 7, 8, 8.5, 8, 7.5, 7, 6])
FARE_CHANGE = np.datetime64("2012-09-04")
KM_PER_DEG_LAT = 111.2
DISTANCE_NOISE, FARE_NOISE = 0.08, 0.07  # sigmas of the log-normal noise on the road distance and the fare
# the dirty rows' shares: lost GPS, pickup == dropoff, refunds, long waits (fare x U(2, 3))
ZERO, SAME, REFUND, WAIT = 0.015, 0.003, 0.002, 0.002


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def _rides(n: int, r: np.random.Generator) -> pd.DataFrame:
    start, end = np.datetime64("2009-01-01"), np.datetime64("2015-07-01")
    days = r.integers(0, int((end - start).astype(int)), size=n)
    hours = r.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    secs = r.integers(0, 3600, size=n)
    when = start + days.astype("timedelta64[D]") + (hours * 3600 + secs).astype("timedelta64[s]")

    # ordinary rides: Manhattan or city-wide pickup, drop-off a log-normal distance away
    manhattan = r.random(n) < 0.75
    plat = np.where(manhattan, r.normal(MANHATTAN[0], 0.025, n), r.normal(40.72, 0.07, n))
    plon = np.where(manhattan, r.normal(MANHATTAN[1], 0.015, n), r.normal(-73.93, 0.08, n))
    dist = r.lognormal(np.log(2.3), 0.75, n)
    bearing = r.uniform(0, 2 * np.pi, n)
    dlat = plat + dist * np.cos(bearing) / KM_PER_DEG_LAT
    dlon = plon + dist * np.sin(bearing) / (KM_PER_DEG_LAT * np.cos(np.radians(plat)))

    airport = np.full(n, "", dtype=object)
    u = r.random(n)
    airport[u < 0.05] = "JFK"
    airport[(u >= 0.05) & (u < 0.075)] = "LGA"
    airport[(u >= 0.075) & (u < 0.08)] = "EWR"
    to_airport = r.random(n) < 0.5
    for name, (alat, alon) in AIRPORTS.items():
        m = airport == name
        k = int(m.sum())
        lat_a, lon_a = alat + r.normal(0, 0.003, k), alon + r.normal(0, 0.003, k)
        lat_m, lon_m = r.normal(MANHATTAN[0], 0.02, k), r.normal(MANHATTAN[1], 0.012, k)
        out = to_airport[m]
        plat[m], plon[m] = np.where(out, lat_m, lat_a), np.where(out, lon_m, lon_a)
        dlat[m], dlon[m] = np.where(out, lat_a, lat_m), np.where(out, lon_a, lon_m)

    return pd.DataFrame({"when": when, "hour": hours, "plat": plat, "plon": plon, "dlat": dlat, "dlon": dlon,
                         "airport": airport})


def _fares(df: pd.DataFrame, r: np.random.Generator | None) -> np.ndarray:
    """The fares of the rides; with ``r`` None, their expected fares (every noise term at its mean)."""
    n = len(df)
    when = df["when"].to_numpy()
    new_tariff = when >= FARE_CHANGE
    weekday = pd.DatetimeIndex(when).day_of_week.to_numpy() < 5
    hour = df["hour"].to_numpy()
    road_km = 1.3 * haversine_km(df["plat"], df["plon"], df["dlat"], df["dlon"])
    road_km = road_km * np.exp(DISTANCE_NOISE**2 / 2) if r is None else road_km * r.lognormal(0, DISTANCE_NOISE, n)
    congestion = np.where(weekday & (hour >= 8) & (hour < 19), 0.35, np.where((hour >= 7) & (hour < 22), 0.15, 0.0))
    rate = np.where(new_tariff, 1.553, 1.243) * (1 + congestion)
    fare = 2.5 + rate * road_km
    fare += np.where((hour >= 20) | (hour < 6), 0.5, 0.0) + np.where(weekday & (hour >= 16) & (hour < 20), 1.0, 0.0)
    fare = np.where(df["airport"] == "JFK", np.where(new_tariff, 52.0, 45.0), fare)
    fare = np.where(df["airport"] == "EWR", fare + 17.5, fare)
    if r is None:
        return fare * np.exp(FARE_NOISE**2 / 2)
    return fare * r.lognormal(0, FARE_NOISE, n) + r.normal(0, 0.4, n)


def _keys(when: np.ndarray) -> tuple[list[str], list[str]]:
    text = pd.Series(pd.DatetimeIndex(when).strftime("%Y-%m-%d %H:%M:%S"))
    counter = text.groupby(text).cumcount() + 1  # Kaggle keys: the datetime plus a 7-digit counter
    keys = (text + "." + counter.map("{:07d}".format)).tolist()
    return keys, (text + " UTC").tolist()


def generate(raw: Path) -> None:
    out, _ = _table()
    write_csv(out.iloc[:N_TRAIN], raw / "train.csv", float_format="%.10g")
    # Kaggle's own test set ships without labels; like v1 we never use it for grading.
    test = out.iloc[N_TRAIN:].drop(columns="fare_amount")
    write_csv(test, raw / "test.csv", float_format="%.10g")
    write_csv(pd.DataFrame({"key": test["key"], "fare_amount": 11.35}), raw / "sample_submission.csv")


def expected_fares() -> pd.DataFrame:
    """``key``, ``fare_amount``: each ride's expected fare given everything the generator knows of it
    but its noise draws (the ceiling's predictions; RMSE-optimal): its true route and time, with
    the log-normal distance and fare noise at their means; a ride without GPS fix at its own
    expected fare; a ride with pickup == dropoff at 2.50 + 3.00 (the mean of its fare); any other
    ride weighted by the chance that it is a refund (-fare) or a long wait (2.5x on average)."""
    out, expected = _table()
    return pd.DataFrame({"key": out["key"], "fare_amount": expected})


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The ceiling's submission for the test rides in ``answers``: their expected fares."""
    return expected_fares().set_index("key").loc[answers["key"].astype(str)].reset_index()


def _table() -> tuple[pd.DataFrame, np.ndarray]:
    """Every ride as written (train and Kaggle's test) and its expected fare."""
    r = np.random.default_rng(0)
    n = N_TRAIN + N_TEST
    df = _rides(n, r)
    expected = _fares(df, None)
    fare = _fares(df, r)
    # dirty rows
    u = r.random(n)
    zero = u < ZERO
    same = (u >= ZERO) & (u < ZERO + SAME)
    df.loc[same, ["dlat", "dlon"]] = df.loc[same, ["plat", "plon"]].to_numpy()
    fare[same] = 2.5 + r.exponential(3.0, int(same.sum()))
    refund = (u >= ZERO + SAME) & (u < ZERO + SAME + REFUND)
    fare[refund] = -fare[refund]
    wait = (u >= ZERO + SAME + REFUND) & (u < ZERO + SAME + REFUND + WAIT)
    fare[wait] *= r.uniform(2, 3, int(wait.sum()))
    # a ride seen with GPS and distinct ends is a refund or a wait with these chances
    p_refund, p_wait = REFUND / (1 - ZERO - SAME), WAIT / (1 - ZERO - SAME)
    expected = np.where(zero, expected, expected * (1 - 2 * p_refund + 1.5 * p_wait))
    expected[same] = 2.5 + 3.0
    passengers = r.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.69, 0.15, 0.04, 0.02, 0.06, 0.04])
    passengers[r.random(n) < 0.003] = 0

    keys, stamps = _keys(df["when"].to_numpy())
    coords = df[["plon", "plat", "dlon", "dlat"]].to_numpy().round(6)
    coords[zero] = 0.0
    out = pd.DataFrame({
        "key": keys,
        "fare_amount": np.round(fare, 2),
        "pickup_datetime": stamps,
        "pickup_longitude": coords[:, 0],
        "pickup_latitude": coords[:, 1],
        "dropoff_longitude": coords[:, 2],
        "dropoff_latitude": coords[:, 3],
        "passenger_count": passengers,
    })
    return out, expected
