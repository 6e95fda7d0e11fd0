"""v1's recipe: 10% of Kaggle's labelled train.csv becomes the test set (random_state=0).

The test images move from ``train/`` to ``test/``; segmentation annotations are kept for the new
training images only. The answers (``private/test.csv``) keep every column of train.csv. v1's
sample submission lists nine of the eleven label columns (see config.yaml's known_issues);
version 2 calls ``prepare_with_columns`` with all eleven.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ALL_CLASSES = [
    "ETT - Abnormal",
    "ETT - Borderline",
    "ETT - Normal",
    "NGT - Abnormal",
    "NGT - Borderline",
    "NGT - Incompletely Imaged",
    "NGT - Normal",
    "CVC - Abnormal",
    "CVC - Borderline",
    "CVC - Normal",
    "Swan Ganz Catheter Present",
]
V1_CLASSES = ALL_CLASSES[:9]


def prepare_with_columns(raw: Path, public: Path, private: Path, classes: list[str]) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    annotations = pd.read_csv(raw / "train_annotations.csv")
    new_annotations = annotations[annotations["StudyInstanceUID"].isin(new_train["StudyInstanceUID"])]

    for folder, rows in (("train", new_train), ("test", new_test)):
        (public / folder).mkdir(exist_ok=True)
        for uid in rows["StudyInstanceUID"]:
            shutil.copyfile(raw / "train" / f"{uid}.jpg", public / folder / f"{uid}.jpg")

    sample = new_test[["StudyInstanceUID"]].copy()
    sample[classes] = 0

    new_train.to_csv(public / "train.csv", index=False)
    new_annotations.to_csv(public / "train_annotations.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_with_columns(raw, public, private, V1_CLASSES)
