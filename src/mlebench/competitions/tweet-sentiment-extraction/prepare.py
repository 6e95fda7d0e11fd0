"""v1's recipe: Kaggle's labelled ``train.csv`` is split 90/10 (random_state=0) into a new train and test.

Public: ``train.csv`` (textID, text, selected_text, sentiment), ``test.csv`` (textID, text,
sentiment) and ``sample_submission.csv`` (textID, selected_text left blank).
Private: ``test.csv`` (with selected_text). Kaggle's own test tweets are not used.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["selected_text"]).to_csv(public / "test.csv", index=False)
    sample = new_test[["textID", "selected_text"]].copy()
    sample["selected_text"] = ""
    sample.to_csv(public / "sample_submission.csv", index=False)

    assert len(new_train) + len(new_test) == len(old_train)
    assert set(new_train["textID"]).isdisjoint(new_test["textID"]), "train and test ids overlap"
