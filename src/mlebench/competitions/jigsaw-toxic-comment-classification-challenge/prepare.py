"""v1's recipe: Kaggle ships the test labels (test_labels.csv), so nothing is split.

train.csv and test.csv become public as they are, test_labels.csv becomes the answers (rows
marked -1 in every class were not scored by Kaggle and are not scored here), and the sample
submission predicts 0.5 everywhere. Each file is read from its extracted CSV or straight from
Kaggle's ``<name>.csv.zip``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def _read(raw: Path, name: str) -> pd.DataFrame:
    path = raw / name
    return pd.read_csv(path if path.is_file() else raw / f"{name}.zip")


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = _read(raw, "train.csv")
    test = _read(raw, "test.csv")
    answers = _read(raw, "test_labels.csv")
    sample = _read(raw, "sample_submission.csv")
    sample[CLASSES] = 0.5
    if sorted(answers["id"]) != sorted(test["id"]) or sorted(sample["id"]) != sorted(test["id"]):
        raise ValueError("test.csv, test_labels.csv and sample_submission.csv do not hold the same ids")

    train.to_csv(public / "train.csv", index=False)
    test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
