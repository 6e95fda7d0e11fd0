"""v1's recipe: the split is made by TFRecord file, since the CSV does not say which file holds
which image. Kaggle's 16 sorted ``train_tfrecords/*.tfrec`` files are split 90/10 with
``train_test_split(test_size=0.1, random_state=0)``; the labelled images listed in the test files
become the test set.

Public: ``train.csv`` and ``sample_submission.csv`` (``image_id, label``; every label 4),
``train_images/`` and ``test_images/`` (flat JPEGs), ``train_tfrecords/ld_trainNN-<count>.tfrec``
and ``test_tfrecords/ld_testNN-<count>.tfrec`` (renumbered in the split's order, record count kept)
and ``label_num_to_disease_map.json``. Private: ``test.csv`` (``image_id, label``).
Kaggle's own unlabelled ``test_images/`` and ``test_tfrecords/`` are not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder
from mlebench.registry import load_competition_module

_tfrecord = load_competition_module(Path(__file__).resolve().parent.parent / "siim-isic-melanoma-classification", "tfrecord")

TEST_SIZE, SEED = 0.1, 0
SAMPLE_LABEL = 4


def _copy_records(paths: list[Path], folder: Path, stem: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(paths):
        count = path.stem.split("-")[1]
        shutil.copyfile(path, folder / f"{stem}{i:02d}-{count}.tfrec")


def prepare(raw: Path, public: Path, private: Path) -> None:
    records = sorted(p for p in (raw / "train_tfrecords").iterdir() if p.is_file() and p.suffix == ".tfrec")
    train_records, test_records = train_test_split(records, test_size=TEST_SIZE, random_state=SEED)
    test_ids: set[str] = set()
    for path in test_records:
        test_ids.update(_tfrecord.ids_from_tfrecord(path, "image_name"))

    labelled = pd.read_csv(raw / "train.csv")
    is_test = labelled["image_id"].isin(test_ids)
    train, test = labelled[~is_test], labelled[is_test]
    if list(labelled.columns) != ["image_id", "label"]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected image_id, label")

    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.assign(label=SAMPLE_LABEL).to_csv(public / "sample_submission.csv", index=False)

    _copy_records(train_records, public / "train_tfrecords", "ld_train")
    _copy_records(test_records, public / "test_tfrecords", "ld_test")
    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train_images", Path(tmp))
        for split, rows in (("train_images", train), ("test_images", test)):
            (public / split).mkdir(parents=True, exist_ok=True)
            for image_id in rows["image_id"]:
                shutil.copyfile(images / image_id, public / split / image_id)
    shutil.copyfile(raw / "label_num_to_disease_map.json", public / "label_num_to_disease_map.json")

    assert len(train) + len(test) == len(labelled)
    assert len(test) > 0, "no labelled image is listed in the test TFRecord files"
    assert sum(1 for _ in (public / "train_images").iterdir()) == len(train)
    assert sum(1 for _ in (public / "test_images").iterdir()) == len(test)
