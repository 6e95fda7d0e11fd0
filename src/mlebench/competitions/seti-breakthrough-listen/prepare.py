"""v1's recipe: Kaggle's labelled cadence snippets are split 90/10 (``test_size=0.1``, random_state=0).

Public: ``train_labels.csv`` (``id, target``), ``train/<first id char>/<id>.npy`` and
``test/<first id char>/<id>.npy`` (the arrays copied unchanged), ``old_leaky_data/`` (Kaggle's
pre-relaunch data, copied as it is, as v1 does) and ``sample_submission.csv`` (``id, target`` with
every target 0.5). Private: ``test.csv`` (``id, target``). Kaggle's own unlabelled ``test/`` is
not used. Files are copied one at a time (the arrays of the real download add up to ~50 GB).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train_labels.csv")
    if list(labelled.columns) != ["id", "target"]:
        raise ValueError(f"Kaggle's train_labels.csv has columns {list(labelled.columns)}, expected id, target")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    train.to_csv(public / "train_labels.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.assign(target=0.5).to_csv(public / "sample_submission.csv", index=False)
    shutil.copytree(raw / "old_leaky_data", public / "old_leaky_data", dirs_exist_ok=True)

    for split, rows in (("train", train), ("test", test)):
        for file_id in rows["id"]:
            dst = public / split / file_id[0] / f"{file_id}.npy"
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(raw / "train" / file_id[0] / f"{file_id}.npy", dst)

    assert len(train) + len(test) == len(labelled)
    assert set(train["id"]).isdisjoint(test["id"])
    assert sum(1 for _ in (public / "test").rglob("*.npy")) == len(test)
