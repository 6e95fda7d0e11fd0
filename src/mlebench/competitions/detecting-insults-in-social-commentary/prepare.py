"""v1's recipe: Kaggle ships the labelled test set (test_with_solutions.csv), so nothing is split.

``train.csv`` and the labelled test set are copied byte for byte (the latter becomes the answers,
with its ``Usage`` column). The public test set, the gold submission and the all-zero sample
submission are rebuilt from the answers. Kaggle's current test.csv (a later verification stage)
is not used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

COLUMNS = ["Insult", "Date", "Comment"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    shutil.copyfile(raw / "train.csv", public / "train.csv")
    shutil.copyfile(raw / "test_with_solutions.csv", private / "test.csv")

    gold = pd.read_csv(private / "test.csv")[COLUMNS]
    gold.to_csv(private / "gold_submission.csv", index=False)
    gold.drop(columns=["Insult"]).to_csv(public / "test.csv", index=False)
    gold.assign(Insult=0).to_csv(public / "sample_submission_null.csv", index=False)
