"""v1's recipe: 100,000 rows of Kaggle's labelled train.csv become the test set (random_state=0).

Ids are renumbered: the new train rows get 0..n_train-1 and the test rows continue from n_train,
in split order. Kaggle's own (unlabelled) test.csv is not used. Files are read and written the way
v1 does (pandas with exact float parsing, ``to_csv``) so a real preparation reproduces v1's bytes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

TEST_ROWS = 100_000  # v1's test size on the 900,000-row train.csv


def test_size_for(n_rows: int) -> int | float:
    """v1's 100,000 test rows; a small (synthetic) input keeps a comparable 10% instead."""
    return TEST_ROWS if n_rows > 2 * TEST_ROWS else 0.1


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")  # exact float parsing, as v1's round_trip
    new_train, new_test = train_test_split(old_train, test_size=test_size_for(len(old_train)), random_state=0)
    new_train = new_train.assign(id=np.arange(len(new_train)))
    new_test = new_test.assign(id=np.arange(len(new_train), len(new_train) + len(new_test)))

    gold = new_test[["id", "target"]]
    sample = gold.assign(target=0.5)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["target"]).to_csv(public / "test.csv", index=False)
    gold.to_csv(private / "gold_submission.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
