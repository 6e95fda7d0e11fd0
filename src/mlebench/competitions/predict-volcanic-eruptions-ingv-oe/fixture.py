"""Raw files laid out like Kaggle's predict-volcanic-eruptions-ingv-oe download (tiny, synthetic).

``train.csv`` (``segment_id, time_to_eruption``: positive integer ids such as ``1136037770`` and
integer times) and ``train/<segment_id>.csv``, one file per segment with the readings of ten
sensors (``sensor_1`` .. ``sensor_10``, integers; a broken sensor's column is left blank). Kaggle's
segments have 60,001 readings; these have a dozen.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_SEGMENTS, READINGS = 40, 12


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(4521)
    ids = rng.choice(np.arange(500_000, 2_147_000_000), N_SEGMENTS, replace=False)
    times = rng.integers(6_250, 49_046_087, N_SEGMENTS)
    pd.DataFrame({"segment_id": ids, "time_to_eruption": times}).to_csv(raw / "train.csv", index=False)
    (raw / "train").mkdir()
    for segment_id, t in zip(ids, times):
        scale = 50 + 5000 / (1 + t / 1e6)  # tremor grows as the eruption nears
        readings = pd.DataFrame({f"sensor_{k}": rng.normal(0, scale, READINGS).round().astype(int) for k in range(1, 11)})
        broken = rng.integers(1, 11)
        if rng.random() < 0.3:
            readings[f"sensor_{broken}"] = np.nan
        readings.to_csv(raw / "train" / f"{segment_id}.csv", index=False)
