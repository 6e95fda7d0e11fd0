"""v1's recipe: 10% of Kaggle's labelled train.csv becomes the test set (random_state=0).

The answers are one-hot rows (``id, EAP, HPL, MWS``); the sample submission holds the class
priors Kaggle's own sample used. ``train.csv`` is read from the extracted file or straight from
Kaggle's ``train.zip``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

CLASSES = ["EAP", "HPL", "MWS"]
SAMPLE_PRIORS = {"EAP": 0.403493538995863, "HPL": 0.287808366106543, "MWS": 0.308698094897594}


def _train_csv(raw: Path) -> Path:
    return raw / "train.csv" if (raw / "train.csv").is_file() else raw / "train.zip"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(_train_csv(raw))
    unknown = set(old_train["author"]) - set(CLASSES)
    if unknown:
        raise ValueError(f"train.csv has author(s) outside {CLASSES}: {sorted(unknown)}")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)

    answers = new_test[["id"]].copy()
    for c in CLASSES:
        answers[c] = (new_test["author"] == c).astype(int)
    sample = answers.assign(**SAMPLE_PRIORS)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.drop(columns=["author"]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
