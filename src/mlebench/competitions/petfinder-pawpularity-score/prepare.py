"""v1's recipe: Kaggle's labelled photos are split 90/10 (``test_size=0.1``, random_state=0).

Public: ``train.csv`` (``Id``, the twelve photo-metadata flags, ``Pawpularity``), ``test.csv``
(the same without ``Pawpularity``), ``train/<Id>.jpg``, ``test/<Id>.jpg`` and
``sample_submission.csv`` (``Id, Pawpularity`` with uniform random scores in [1, 100] rounded to 2
decimals, from ``np.random.default_rng(0)``). Private: ``test.csv``, the test rows with every
column. Kaggle's own test folder (a few placeholder images) is not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0
TARGET = "Pawpularity"


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if labelled.columns[0] != "Id" or labelled.columns[-1] != TARGET:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}; expected Id first, {TARGET} last")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
    sample = test[["Id", TARGET]].copy()
    sample[TARGET] = np.random.default_rng(SEED).uniform(1, 100, len(sample)).round(2)

    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train", Path(tmp))
        for split, rows in (("train", train), ("test", test)):
            (public / split).mkdir(exist_ok=True)
            for image_id in rows["Id"]:
                shutil.copyfile(images / f"{image_id}.jpg", public / split / f"{image_id}.jpg")

    assert len(train) + len(test) == len(labelled)
    assert set(train["Id"]).isdisjoint(test["Id"])
    assert len(list((public / "test").glob("*.jpg"))) == len(test)
