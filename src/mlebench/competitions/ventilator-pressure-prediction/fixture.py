"""Raw files laid out like Kaggle's ventilator-pressure-prediction download (tiny and synthetic).

``train.csv`` (id, breath_id, R, C, time_step, u_in, u_out, pressure), ``test.csv`` (without
pressure) and ``sample_submission.csv`` (id, pressure). Every breath has 80 time steps about
0.033 s apart; ``u_out`` is 0 for the first ~30 steps (inspiration) and 1 after; R is 5, 20 or 50
and C 10, 20 or 50; breath ids increase with gaps; ids run 1.. over the whole file.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN_BREATHS, N_TEST_BREATHS, STEPS = 30, 2, 80


def _breaths(rng: np.random.Generator, breath_ids: np.ndarray, first_id: int) -> pd.DataFrame:
    frames = []
    for b in breath_ids:
        r, c = rng.choice([5, 20, 50]), rng.choice([10, 20, 50])
        t = np.cumsum(np.r_[0.0, rng.normal(0.0336, 0.0005, STEPS - 1)])
        inspiring = np.arange(STEPS) < rng.integers(28, 33)
        u_in = np.where(inspiring, rng.uniform(0, 100) * (1 - np.exp(-t * 8)), rng.uniform(0, 5, STEPS))
        pressure = np.round(5 + np.cumsum(u_in) / (r + c) * np.where(inspiring, 1, 0.2) + rng.normal(0, 0.3, STEPS), 6)
        frames.append(pd.DataFrame({"breath_id": b, "R": r, "C": c, "time_step": t, "u_in": u_in,
                                    "u_out": (~inspiring).astype(int), "pressure": pressure}))
    df = pd.concat(frames, ignore_index=True)
    df.insert(0, "id", np.arange(first_id, first_id + len(df)))
    return df


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2021)
    ids = np.sort(rng.choice(np.arange(1, 200), size=N_TRAIN_BREATHS + N_TEST_BREATHS, replace=False))
    train_ids, test_ids = np.sort(rng.permutation(ids)[:N_TRAIN_BREATHS]), None
    test_ids = np.setdiff1d(ids, train_ids)
    _breaths(rng, train_ids, 1).to_csv(raw / "train.csv", index=False)
    test = _breaths(rng, test_ids, 1).drop(columns=["pressure"])
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(pressure=0).to_csv(raw / "sample_submission.csv", index=False)
