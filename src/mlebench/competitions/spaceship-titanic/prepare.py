"""v1's recipe: a tenth of Kaggle's labelled ``train.csv`` becomes the test set (random_state=0).

Public: ``train.csv`` (every column), ``test.csv`` (without ``Transported``) and
``sample_submission.csv`` (``PassengerId, Transported`` with every prediction ``False``).
Private: ``test.csv``, the held-out rows with every column, ``Transported`` included.
Numbers are read with pandas' default (round-trip) float parser, so they are written back unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ID, TARGET = "PassengerId", "Transported"
TEST_SIZE, SEED = 0.1, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    sample = test[[ID, TARGET]].copy()
    sample[TARGET] = False

    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)

    assert len(train) + len(test) == len(labelled)
    assert set(train[ID]).isdisjoint(test[ID]), "train and test passengers overlap"
