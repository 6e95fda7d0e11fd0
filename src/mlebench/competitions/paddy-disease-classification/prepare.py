"""v1's recipe: Kaggle's labelled images are split 75/25 (``train_size=0.75``, random_state=0).

Kaggle's own split was 10,407 labelled against 3,469 test images (75%/25%).
Public: ``train.csv`` (``image_id, label, variety, age``), ``train_images/<label>/<image_id>``,
``test_images/<image_id>`` (flat) and ``sample_submission.csv`` (``image_id, label`` with every
label blank). Private: ``test.csv``, the test rows with every column.
``train_images/`` is read from the extracted download or from a ``train_images.zip``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TRAIN_SIZE, SEED = 0.75, 0


def _copy(src: Path, dst: Path) -> None:
    if dst.exists():
        raise FileExistsError(f"{dst} is written twice: is an image_id listed twice in train.csv?")
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    kaggle_sample_columns = pd.read_csv(raw / "sample_submission.csv", nrows=0).columns
    train, test = train_test_split(labelled, train_size=TRAIN_SIZE, random_state=SEED)

    sample = test[["image_id", "label"]].assign(label="")
    if set(sample.columns) != set(kaggle_sample_columns):
        raise ValueError(f"Kaggle's sample_submission.csv has columns {list(kaggle_sample_columns)}, expected image_id, label")

    train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train_images", Path(tmp))
        for image_id, label in zip(train["image_id"], train["label"]):
            _copy(images / label / image_id, public / "train_images" / label / image_id)
        for image_id, label in zip(test["image_id"], test["label"]):
            _copy(images / label / image_id, public / "test_images" / image_id)

    assert len(train) + len(test) == len(labelled)
    assert set(train["image_id"]).isdisjoint(test["image_id"]), "train and test images overlap"
    assert len(list(public.glob("train_images/*/*.jpg"))) == len(train)
    assert len(list(public.glob("test_images/*.jpg"))) == len(test)
