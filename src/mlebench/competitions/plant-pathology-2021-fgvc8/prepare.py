"""v1's recipe: Kaggle's labelled images are split 80/20 (``test_size=0.2``, random_state=0).

Public: ``train.csv`` (``image, labels``; labels space-separated), ``train_images/`` and
``test_images/`` (flat JPEGs) and ``sample_submission.csv`` (``image, labels`` with every label
``healthy``). Private: ``answers.csv`` (``image, labels``). Kaggle's own ``test_images/`` (three
placeholder images) is not used. ``train_images/`` is read extracted or from ``train_images.zip``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.2, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if list(labelled.columns) != ["image", "labels"]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected image, labels")
    train, answers = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    answers.to_csv(private / "answers.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    answers.assign(labels="healthy").to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train_images", Path(tmp))
        for folder, rows in (("train_images", train), ("test_images", answers)):
            (public / folder).mkdir(exist_ok=True)
            for image in rows["image"]:
                shutil.copyfile(images / image, public / folder / image)

    assert len(train) + len(answers) == len(labelled)
    assert set(train["image"]).isdisjoint(answers["image"])
    assert len(list(public.glob("test_images/*.jpg"))) == len(answers)
