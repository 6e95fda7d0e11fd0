"""v1's recipe: 9,914 rows (the size of Kaggle's own test set) of Kaggle's labelled train.csv
(about 55 million rides) become the test set, random_state=0; the rest is published as
``labels.csv``. Kaggle's unlabelled test.csv is not used; GCP-Coupons-Instructions.rtf is copied.

Like v1, the whole train.csv is loaded into memory (several GB) so that the split and the
written bytes match v1's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_ROWS = 9914
SAMPLE_FARE = 11.35


def test_size_for(n_rows: int) -> int | float:
    """v1's 9,914 test rows; a small (synthetic) input keeps 10% instead."""
    return TEST_ROWS if n_rows > 2 * TEST_ROWS else 0.1


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=test_size_for(len(old_train)), random_state=0)

    new_train.to_csv(public / "labels.csv", index=False)
    new_test.drop(columns=["fare_amount"]).to_csv(public / "test.csv", index=False)
    new_test[["key"]].assign(fare_amount=SAMPLE_FARE).to_csv(public / "sample_submission.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    shutil.copyfile(raw / "GCP-Coupons-Instructions.rtf", public / "GCP-Coupons-Instructions.rtf")
