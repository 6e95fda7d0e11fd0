"""v1's recipe: Kaggle's labelled patches are split into a new train and test set (random_state=0).

The test share is Kaggle's own: (number of unlabelled test patches) / (labelled + unlabelled).
Public: ``train_labels.csv`` (id, label), ``sample_submission.csv`` (label = 0), ``train/<id>.tif``
and ``test/<id>.tif``. Private: ``answers.csv`` (id, label). Kaggle's unlabelled test patches are
not used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

SEED = 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train_labels.csv")
    num_test = sum(1 for _ in (raw / "test").glob("*.tif"))
    test_ratio = num_test / (len(old_train) + num_test)
    train_ids, test_ids = train_test_split(old_train["id"], test_size=test_ratio, random_state=SEED)

    # rows keep Kaggle's order, as in v1
    new_train = old_train[old_train["id"].isin(train_ids)]
    new_test = old_train[old_train["id"].isin(test_ids)]
    assert set(new_train["id"]).isdisjoint(new_test["id"]), "train and test ids overlap"
    assert len(new_train) + len(new_test) == len(old_train)

    for folder, ids in (("train", train_ids), ("test", test_ids)):
        (public / folder).mkdir(exist_ok=True)
        for image_id in ids:
            shutil.copyfile(raw / "train" / f"{image_id}.tif", public / folder / f"{image_id}.tif")

    sample = new_test.copy()
    sample["label"] = 0
    new_train.to_csv(public / "train_labels.csv", index=False)
    new_test.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
