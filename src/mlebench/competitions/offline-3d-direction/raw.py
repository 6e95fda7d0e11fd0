"""Raw files laid out like icecube-neutrinos-in-deep-ice's training download (Kaggle's unlabelled
test files are left out: v1 never uses them).

``sensor_geometry.csv`` (``sensor_id, x, y, z`` in metres), ``train_meta.parquet`` (``batch_id,
event_id, first_pulse_index, last_pulse_index, azimuth, zenith``), ``train/batch_<n>.parquet``
(one row per pulse, indexed by ``event_id``: ``sensor_id, time, charge, auxiliary``) and
``sample_submission.csv``.

Generating process (numpy seed 0): a detector of 8 x 8 vertical strings 50 m apart with 20
sensors 25 m apart on each. Each event has a direction u (azimuth uniform, cos zenith uniform)
and a straight track through a point p0 drawn inside the detector, the particle travelling along
-u at c = 0.2998 m/ns. A sensor at distance rho from the track, whose closest point lies at s along
it, fires with probability exp(-rho / 35 m) at time t0 + s / c + rho / 0.22 + N(0, 3 ns) +
Exp(0.02 rho ns) (direct light plus scattering), with charge 1 + Poisson(4 exp(-rho / 35));
``auxiliary`` is True for 10% of these. Then Poisson(10) noise pulses at random sensors and
times spread over the event, with charge U(0.3, 1.5), 70% auxiliary. Events with fewer than 6
track pulses are redrawn.

``oracle_directions(event_ids)`` is the ceiling's estimate of the noise floor: a least-squares fit
of this timing model (mean scattering delay included) on each event's track pulses only (the noise
pulses removed by the generator's truth), started at the true direction.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mlebench.offline.common import write_csv

N_BATCHES, PER_BATCH = 16, 400
C, C_SIDE, ATTENUATION, JITTER = 0.2998, 0.22, 35.0, 3.0
STRINGS, SENSORS_PER_STRING, SPACING, VERTICAL = 8, 20, 50.0, 25.0


def geometry() -> pd.DataFrame:
    gx, gy = np.meshgrid(np.arange(STRINGS), np.arange(STRINGS), indexing="ij")
    xs = (gx.ravel() - (STRINGS - 1) / 2) * SPACING
    ys = (gy.ravel() - (STRINGS - 1) / 2) * SPACING
    zs = (np.arange(SENSORS_PER_STRING) - (SENSORS_PER_STRING - 1) / 2) * VERTICAL
    return pd.DataFrame({"sensor_id": np.arange(STRINGS * STRINGS * SENSORS_PER_STRING),
                         "x": np.repeat(xs, SENSORS_PER_STRING), "y": np.repeat(ys, SENSORS_PER_STRING),
                         "z": np.tile(zs, STRINGS * STRINGS)})


def direction(azimuth: np.ndarray, zenith: np.ndarray) -> np.ndarray:
    """Unit vectors (n, 3) of (azimuth, zenith), the metric's convention."""
    return np.column_stack([np.cos(azimuth) * np.sin(zenith), np.sin(azimuth) * np.sin(zenith), np.cos(zenith)])


def _event(r: np.random.Generator, sensors: np.ndarray) -> tuple[float, float, pd.DataFrame]:
    while True:
        azimuth, zenith = r.uniform(0, 2 * np.pi), np.arccos(r.uniform(-1, 1))
        v = -direction(np.array([azimuth]), np.array([zenith]))[0]
        p0 = r.uniform(-1, 1, size=3) * np.array([170.0, 170.0, 230.0])
        rel = sensors - p0
        s = rel @ v
        rho = np.linalg.norm(rel - s[:, None] * v[None, :], axis=1)
        fired = r.random(len(sensors)) < np.exp(-rho / ATTENUATION)
        if fired.sum() >= 6:
            break
    ids = np.flatnonzero(fired)
    t0 = r.uniform(9000, 11000)
    times = (t0 + s[ids] / C + rho[ids] / C_SIDE + r.normal(0, JITTER, len(ids))
             + r.exponential(0.02 * rho[ids] + 1e-9))
    charge = 1 + r.poisson(4 * np.exp(-rho[ids] / ATTENUATION))
    aux = r.random(len(ids)) < 0.1
    n_noise = r.poisson(10)
    noise_ids = r.integers(0, len(sensors), n_noise)
    noise_t = r.uniform(times.min() - 1000, times.max() + 1000, n_noise)
    pulses = pd.DataFrame({
        "sensor_id": np.concatenate([ids, noise_ids]).astype(np.int16),
        "time": np.round(np.concatenate([times, noise_t])).astype(np.int64),
        "charge": np.round(np.concatenate([charge * r.uniform(0.8, 1.2, len(ids)), r.uniform(0.3, 1.5, n_noise)]) / 0.025)
        * 0.025,
        "auxiliary": np.concatenate([aux, r.random(n_noise) < 0.7]),
        "track": np.concatenate([np.ones(len(ids), bool), np.zeros(n_noise, bool)]),
    }).sort_values(["time", "sensor_id"], kind="stable")
    return azimuth, zenith, pulses


@lru_cache(maxsize=1)
def simulate() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(meta, pulses): every event's metadata and every pulse with its ``track`` flag (the truth)."""
    r = np.random.default_rng(0)
    sensors = geometry()[["x", "y", "z"]].to_numpy()
    event_ids = np.sort(r.choice(np.arange(24, 3_000_000), size=N_BATCHES * PER_BATCH, replace=False))
    metas, frames = [], []
    for k, event_id in enumerate(event_ids):
        azimuth, zenith, pulses = _event(r, sensors)
        metas.append((k // PER_BATCH + 1, event_id, azimuth, zenith, len(pulses)))
        frames.append(pulses.assign(event_id=event_id))
    meta = pd.DataFrame(metas, columns=["batch_id", "event_id", "azimuth", "zenith", "n"])
    return meta, pd.concat(frames, ignore_index=True)


def oracle_directions(event_ids: np.ndarray) -> np.ndarray:
    """(azimuth, zenith) per event: the timing model fitted to the track pulses, from the truth."""
    from scipy.optimize import least_squares

    meta, pulses = simulate()
    meta = meta.set_index("event_id")
    groups = dict(tuple(pulses[pulses["track"]].groupby("event_id")))
    sensors = geometry()[["x", "y", "z"]].to_numpy()
    out = []
    for event_id in event_ids:
        hits = groups[event_id]
        pos, t = sensors[hits["sensor_id"].to_numpy()], hits["time"].to_numpy(dtype=float)
        centre = pos.mean(axis=0)

        def residuals(p: np.ndarray) -> np.ndarray:
            v = -direction(p[:1], p[1:2])[0]
            rel = pos - (centre + p[2:5])
            s = rel @ v
            rho = np.linalg.norm(rel - s[:, None] * v, axis=1)
            return (t - (p[5] + s / C + rho / C_SIDE + 0.02 * rho)) / JITTER

        az, zen = meta.loc[event_id, ["azimuth", "zenith"]]
        v = -direction(np.array([az]), np.array([zen]))[0]
        t0 = float(np.median(t - ((pos - centre) @ v) / C))
        fit = least_squares(residuals, np.r_[az, zen, 0.0, 0.0, 0.0, t0], method="lm")
        u = direction(fit.x[:1], fit.x[1:2])[0]
        out.append((np.mod(np.arctan2(u[1], u[0]), 2 * np.pi), np.arccos(np.clip(u[2], -1, 1))))
    return np.asarray(out)


def generate(raw: Path) -> None:
    meta, pulses = simulate()
    write_csv(geometry(), raw / "sensor_geometry.csv", float_format="%.2f")
    rows = []
    for batch_id, events in meta.groupby("batch_id", sort=True):
        batch = pulses[pulses["event_id"].isin(events["event_id"])]
        ends = np.cumsum(events["n"].to_numpy())
        rows.append(events.assign(first_pulse_index=ends - events["n"].to_numpy(), last_pulse_index=ends - 1))
        table = pa.Table.from_pandas(batch.drop(columns="track").set_index("event_id"), preserve_index=True)
        (raw / "train").mkdir(parents=True, exist_ok=True)
        pq.write_table(table, raw / "train" / f"batch_{batch_id}.parquet")
    out = pd.concat(rows)[["batch_id", "event_id", "first_pulse_index", "last_pulse_index", "azimuth", "zenith"]]
    pq.write_table(pa.Table.from_pandas(out, preserve_index=False), raw / "train_meta.parquet")
    write_csv(pd.DataFrame({"event_id": meta["event_id"].iloc[:3], "azimuth": 1, "zenith": 1}),
              raw / "sample_submission.csv")
