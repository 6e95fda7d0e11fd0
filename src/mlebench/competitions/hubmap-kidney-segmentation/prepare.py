"""v1's recipe: Kaggle's 15 labelled kidney images (``train.csv``: ``id, encoding``) split with
``train_test_split(train_size=12, test_size=3, random_state=0)``.

Public: ``train.csv`` (``id, encoding``), ``HuBMAP-20-dataset_information.csv`` (Kaggle's rows for
the 15 labelled images only), ``train/`` and ``test/`` each with ``<id>.tiff``, ``<id>.json``
(glomerulus polygons) and ``<id>-anatomical-structure.json``; ``sample_submission.csv`` (``id,
predicted``, blank masks), also copied into ``test/``. Private: ``test.csv`` (``id, encoding,
width_pixels, height_pixels``) and ``gold_submission.csv`` (``id, predicted``).

Kept as v1 ships it: ``test/<id>.json`` holds the test images' glomerulus polygons, i.e. the
answers (hubmap-kidney-segmentation-v2 leaves those files out).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TRAIN_SIZE, TEST_SIZE, SEED = 12, 3, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    info = pd.read_csv(raw / "HuBMAP-20-dataset_information.csv")
    if list(labelled.columns) != ["id", "encoding"]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected id, encoding")
    train, test = train_test_split(labelled, train_size=TRAIN_SIZE, test_size=TEST_SIZE, random_state=SEED)
    if len(train) + len(test) != len(labelled):
        raise ValueError(f"v1's split needs exactly {TRAIN_SIZE + TEST_SIZE} labelled images, got {len(labelled)}")

    image_id = info["image_file"].str.replace(".tiff", "", regex=False)
    info = info[image_id.isin(labelled["id"])]
    test = test.merge(info.assign(id=image_id)[["id", "width_pixels", "height_pixels"]], on="id")
    info.to_csv(public / "HuBMAP-20-dataset_information.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    sample = test[["id"]].assign(predicted="")
    sample.to_csv(public / "sample_submission.csv", index=False)
    test[["id"]].assign(predicted=test["encoding"]).to_csv(private / "gold_submission.csv", index=False)

    for folder, rows in (("train", train), ("test", test)):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for i in rows["id"]:
            for name in (f"{i}.tiff", f"{i}.json", f"{i}-anatomical-structure.json"):
                shutil.copyfile(raw / "train" / name, public / folder / name)
    shutil.copyfile(public / "sample_submission.csv", public / "test" / "sample_submission.csv")
    assert len(test) == TEST_SIZE and set(train["id"]).isdisjoint(test["id"])
