"""v1's recipe: 10% of Kaggle's labelled train.csv becomes the test set (random_state=0).

Images are renamed: the new train rows become ``Train_<i>`` and the test rows ``Test_<i>`` (in
split order), so a test image's name says nothing about its old id. Only the labelled images are
used; Kaggle's own unlabelled test images are left out, as in v1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    missing = {"image_id", *CLASSES} - set(old_train.columns)
    if missing:
        raise ValueError(f"{raw / 'train.csv'} lacks column(s) {sorted(missing)}")
    new_train, answers = train_test_split(old_train, test_size=0.1, random_state=0)

    rename = {old: f"Train_{i}" for i, old in enumerate(new_train["image_id"].unique())}
    rename.update({old: f"Test_{i}" for i, old in enumerate(answers["image_id"].unique())})
    new_train = new_train.assign(image_id=new_train["image_id"].map(rename))
    answers = answers.assign(image_id=answers["image_id"].map(rename))

    (public / "images").mkdir(parents=True, exist_ok=True)
    for old_id in old_train["image_id"]:
        shutil.copyfile(raw / "images" / f"{old_id}.jpg", public / "images" / f"{rename[old_id]}.jpg")

    sample = answers[["image_id"]].copy()
    sample[CLASSES] = 0.25

    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers[["image_id"]].to_csv(public / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
