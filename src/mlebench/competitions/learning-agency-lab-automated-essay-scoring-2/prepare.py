"""v1's recipe: Kaggle's labelled ``train.csv`` (17307 essays) is split 90/10 (random_state=0).

Public: ``train.csv`` (essay_id, full_text, score), ``test.csv`` (essay_id, full_text) and
``sample_submission.csv`` (essay_id, score: random integers 1-6 from ``RandomState(42)``).
Private: ``answers.csv`` (essay_id, full_text, score). Kaggle's own test essays are not used.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
SAMPLE_SEED = 42


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)
    new_test = answers.drop(columns=["score"])
    sample = answers[["essay_id"]].copy()
    sample["score"] = np.random.RandomState(SAMPLE_SEED).randint(1, 7, size=len(sample))

    assert set(new_train["essay_id"]).isdisjoint(new_test["essay_id"]), "train and test essays overlap"
    assert len(new_train) + len(new_test) == len(old_train)
    assert list(new_test.columns) == ["essay_id", "full_text"], list(new_test.columns)

    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
