"""v1's recipe: Kaggle's labelled breaths are split 90/10 by breath (random_state=0).

The breaths of ``train.csv`` (in breath_id order, as pandas groups them) are split with
``train_test_split(test_size=0.1, random_state=0)``; each side lists its breaths' rows in the
split's order (the 80 time steps of a breath in Kaggle's order) and gets new ids 1, 2, ...
Floats are written with ``%.10g``.

Public: ``train.csv`` (id, breath_id, R, C, time_step, u_in, u_out, pressure), ``test.csv``
(without pressure) and ``sample_submission.csv`` (id, pressure = 0). Private: ``test.csv`` (with
pressure and u_out, which says which rows are scored).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
DTYPES = {
    "id": "int32", "breath_id": "int32", "R": "int8", "C": "int8", "time_step": "float64", "u_in": "float64",
    "u_out": "int8", "pressure": "float64",
}
FLOAT_FORMAT = "%.10g"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv", dtype=DTYPES)
    breaths = list(np.sort(old_train["breath_id"].unique()))
    train_breaths, test_breaths = train_test_split(breaths, test_size=TEST_SIZE, random_state=SEED)

    def rows_of(chosen: list) -> pd.DataFrame:
        rank = pd.Series(np.arange(len(chosen)), index=chosen)
        part = old_train[old_train["breath_id"].isin(rank.index)]
        part = part.iloc[np.argsort(rank.reindex(part["breath_id"]).to_numpy(), kind="stable")].copy()
        part["id"] = np.arange(1, len(part) + 1, dtype=np.int32)
        return part

    new_train, new_test = rows_of(train_breaths), rows_of(test_breaths)
    assert set(new_train["breath_id"]).isdisjoint(new_test["breath_id"]), "a breath is in both train and test"
    assert len(new_train) + len(new_test) == len(old_train)

    public_test = new_test.drop(columns=["pressure"])
    sample = public_test[["id"]].copy()
    sample["pressure"] = 0
    assert public_test.shape[1] == 7 and new_train.shape[1] == 8

    new_train.to_csv(public / "train.csv", index=False, float_format=FLOAT_FORMAT)
    public_test.to_csv(public / "test.csv", index=False, float_format=FLOAT_FORMAT)
    sample.to_csv(public / "sample_submission.csv", index=False, float_format=FLOAT_FORMAT)
    new_test.to_csv(private / "test.csv", index=False, float_format=FLOAT_FORMAT)
