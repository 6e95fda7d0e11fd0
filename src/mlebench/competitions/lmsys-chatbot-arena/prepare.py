"""v1's recipe: Kaggle's labelled ``train.csv`` (about 55k battles) is split 90/10 (random_state=0).

Public: ``train.csv`` (Kaggle's columns), ``test.csv`` (id, prompt, response_a, response_b) and
``sample_submission.csv`` (id, winner_model_a, winner_model_b, winner_tie, each 1/3).
Private: ``answers.csv`` (every column of the test rows, one-hot winner columns included).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)
    new_test = answers[["id", "prompt", "response_a", "response_b"]].copy()
    sample = answers[["id"]].copy()
    for c in CLASSES:
        sample[c] = 1 / 3

    assert len(new_train) + len(new_test) == len(old_train)
    assert set(new_train["id"]).isdisjoint(new_test["id"]), "train and test ids overlap"
    assert list(new_train.columns) == list(old_train.columns)

    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
