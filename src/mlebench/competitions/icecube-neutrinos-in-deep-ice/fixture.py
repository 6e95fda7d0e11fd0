"""Raw files laid out like Kaggle's icecube-neutrinos-in-deep-ice download (tiny and synthetic).

``train_meta.parquet`` (batch_id, event_id, first_pulse_index, last_pulse_index: int64;
azimuth, zenith: float64 radians), ``train/batch_<n>.parquet`` (one per batch, from 1: the pulses,
event_id as the index, time int64, sensor_id int16, charge float64, auxiliary bool) and
``sensor_geometry.csv`` (sensor_id, x, y, z). ``prepare`` reads nothing else, so Kaggle's test
batch, ``test_meta.parquet`` and ``sample_submission.parquet`` are not written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

N_BATCHES, EVENTS, SENSORS = 12, 4, 30


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(89)
    (raw / "train").mkdir()
    meta = []
    event_id = 24
    for batch in range(1, N_BATCHES + 1):
        pulses = []
        for _ in range(EVENTS):
            n = int(rng.integers(3, 8))
            first = sum(len(p) for p in pulses)
            pulses.append(pd.DataFrame({
                "event_id": event_id,
                "time": np.sort(rng.integers(5000, 20000, size=n)),
                "sensor_id": rng.integers(0, SENSORS, size=n).astype(np.int16),
                "charge": rng.gamma(2.0, 0.6, size=n).round(3),
                "auxiliary": rng.random(n) < 0.3,
            }))
            meta.append((batch, event_id, first, first + n - 1, rng.uniform(0, 2 * np.pi), rng.uniform(0, np.pi)))
            event_id += int(rng.integers(1, 40))
        pd.concat(pulses).set_index("event_id").to_parquet(raw / "train" / f"batch_{batch}.parquet")
    pd.DataFrame(meta, columns=["batch_id", "event_id", "first_pulse_index", "last_pulse_index", "azimuth", "zenith"]).to_parquet(
        raw / "train_meta.parquet", index=False
    )
    xyz = rng.uniform(-500, 500, size=(SENSORS, 3)).round(2)
    pd.DataFrame({"sensor_id": np.arange(SENSORS), "x": xyz[:, 0], "y": xyz[:, 1], "z": xyz[:, 2]}).to_csv(
        raw / "sensor_geometry.csv", index=False
    )
