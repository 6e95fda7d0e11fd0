"""v1's recipe: Kaggle's labelled ``train.csv`` (``id, attribute_ids``) split 85/15 with
``train_test_split(test_size=0.15, random_state=0)`` (rows kept in the split's order).

Public: ``train.csv``, ``labels.csv`` (Kaggle's, as is), ``train/<id>.png`` and ``test/<id>.png``
(Kaggle's training images), ``sample_submission.csv`` (``id, attribute_ids``; every row ``0 1 2``).
Private: ``answers.csv`` (``id, attribute_ids``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.15, 0
SAMPLE_LABELS = "0 1 2"


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if list(labelled.columns) != ["id", "attribute_ids"]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected id, attribute_ids")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    test.to_csv(private / "answers.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    test.assign(attribute_ids=SAMPLE_LABELS).to_csv(public / "sample_submission.csv", index=False)
    shutil.copyfile(raw / "labels.csv", public / "labels.csv")

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train", Path(tmp))
        for folder, rows in (("train", train), ("test", test)):
            (public / folder).mkdir(parents=True, exist_ok=True)
            for image_id in rows["id"]:
                shutil.copyfile(images / f"{image_id}.png", public / folder / f"{image_id}.png")

    assert len(train) + len(test) == len(labelled)
    assert sum(1 for _ in (public / "test").iterdir()) == len(test)
    assert sum(1 for _ in (public / "train").iterdir()) == len(train)
