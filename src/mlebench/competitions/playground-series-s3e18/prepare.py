"""v1's recipe: a tenth of Kaggle's labelled ``train.csv`` becomes the test set (random_state=0).

Public: ``train.csv`` (id, 31 descriptors, the six targets ``EC1``-``EC6``), ``test.csv`` (id and
the descriptors) and ``sample_submission.csv`` (``id, EC1, EC2``, every probability 0.5).
Private: ``test.csv``, the held-out rows with every column (only ``EC1`` and ``EC2`` are scored).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TARGETS = ["EC1", "EC2", "EC3", "EC4", "EC5", "EC6"]
SCORED = ["EC1", "EC2"]
TEST_SIZE, SEED = 0.1, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    sample = test[["id"]].assign(**{c: 0.5 for c in SCORED})
    public_test = test.drop(columns=TARGETS)
    assert public_test.shape[1] == 32 and train.shape[1] == 38, "expected id + 31 descriptors (+ 6 targets)"

    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    public_test.to_csv(public / "test.csv", index=False)
    assert len(train) + len(test) == len(labelled)
