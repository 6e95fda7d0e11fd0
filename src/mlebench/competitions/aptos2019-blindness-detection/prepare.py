"""v1's recipe: Kaggle's labelled retina images are split 90/10 (random_state=0) into train and test.

Public: ``train.csv`` (id_code, diagnosis), ``test.csv`` (id_code), ``sample_submission.csv``
(diagnosis = 0), ``train_images/<id_code>.png``, ``test_images/<id_code>.png``.
Private: ``test.csv`` (id_code, diagnosis). Kaggle's unlabelled test images are not used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)
    assert set(new_train["id_code"]).isdisjoint(new_test["id_code"]), "train and test ids overlap"

    for folder, ids in (("train_images", new_train["id_code"]), ("test_images", new_test["id_code"])):
        (public / folder).mkdir(exist_ok=True)
        for id_code in ids:
            shutil.copyfile(raw / "train_images" / f"{id_code}.png", public / folder / f"{id_code}.png")

    sample = new_test.copy()
    sample["diagnosis"] = 0
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["diagnosis"]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
