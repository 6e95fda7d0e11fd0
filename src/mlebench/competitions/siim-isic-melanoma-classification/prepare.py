"""v1's recipe: the labelled images stored in two of Kaggle's sixteen training TFRecord files
(``train00-2071.tfrec`` and ``train06-2071.tfrec``, about 12.5% of the rows) become the test set.

DICOMs and JPEGs move to ``test/`` and ``jpeg/test/``; the TFRecord files are renumbered
``train00..`` and ``test00..`` in sorted order (the record count stays in the name). Kaggle's own
unlabelled test images are not used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_tfrecord = load_competition_module(Path(__file__).resolve().parent, "tfrecord")

TEST_TFRECORDS = ("train00-2071.tfrec", "train06-2071.tfrec")
TEST_COLUMNS = ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    test_ids: set[str] = set()
    for name in TEST_TFRECORDS:
        test_ids.update(_tfrecord.ids_from_tfrecord(raw / "tfrecords" / name))
    is_test = old_train["image_name"].isin(test_ids)
    new_train, new_test = old_train[~is_test], old_train[is_test]

    new_train.to_csv(public / "train.csv", index=False)
    new_test[TEST_COLUMNS].to_csv(public / "test.csv", index=False)
    new_test[["image_name", "target"]].assign(target=0).to_csv(public / "sample_submission.csv", index=False)
    new_test[["image_name", "target"]].to_csv(private / "test.csv", index=False)

    for split, rows in (("train", new_train), ("test", new_test)):
        (public / split).mkdir(parents=True, exist_ok=True)
        (public / "jpeg" / split).mkdir(parents=True, exist_ok=True)
        for name in rows["image_name"]:
            shutil.copy(raw / "train" / f"{name}.dcm", public / split / f"{name}.dcm")
            shutil.copy(raw / "jpeg" / "train" / f"{name}.jpg", public / "jpeg" / split / f"{name}.jpg")

    (public / "tfrecords").mkdir()
    counts = {"train": 0, "test": 0}
    for path in sorted((raw / "tfrecords").glob("train*.tfrec")):
        split = "test" if path.name in TEST_TFRECORDS else "train"
        n_records = path.stem.split("-")[1]
        shutil.copy(path, public / "tfrecords" / f"{split}{counts[split]:02d}-{n_records}.tfrec")
        counts[split] += 1
