"""v1's recipe: Kaggle's own split, with the private test labels Kaggle released after the competition.

Public: ``train.csv`` (Kaggle's, copied unchanged), ``test.csv`` (id, comment_text of the private
test comments) and ``sample_submission.csv`` (id, prediction = 0.0).
Private: ``test.csv`` (Kaggle's ``test_private_expanded.csv`` copied unchanged: 45 columns with
``toxicity`` and the identity columns).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd


def prepare(raw: Path, public: Path, private: Path) -> None:
    test = pd.read_csv(raw / "test_private_expanded.csv")
    assert test.shape[1] == 45, f"test_private_expanded.csv should have 45 columns, has {test.shape[1]}"
    public_test = test[["id", "comment_text"]]

    shutil.copyfile(raw / "test_private_expanded.csv", private / "test.csv")
    shutil.copyfile(raw / "train.csv", public / "train.csv")
    public_test.to_csv(public / "test.csv", index=False)
    sample = public_test[["id"]].copy()
    sample["prediction"] = 0.0
    sample.to_csv(public / "sample_submission.csv", index=False)
