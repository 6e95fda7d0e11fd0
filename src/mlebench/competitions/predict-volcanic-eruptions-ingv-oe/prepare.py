"""v1's recipe: Kaggle's labelled segments are split 90/10 (``train_test_split(test_size=0.1,
random_state=0)`` on the rows of ``train.csv``).

Public: ``train.csv`` (segment_id, time_to_eruption) with the training rows in the split's order,
``sample_submission.csv`` (the test segments in the split's order, time_to_eruption = 0), and the
segment files ``train/<segment_id>.csv`` and ``test/<segment_id>.csv`` copied byte for byte from
Kaggle's ``train/`` folder. Private: ``test.csv`` (segment_id, time_to_eruption).
Kaggle's own unlabelled ``test/`` segments are not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0
COLUMNS = ["segment_id", "time_to_eruption"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if list(labelled.columns) != COLUMNS:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected {COLUMNS}")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
    assert not train["segment_id"].isin(test["segment_id"]).any(), "a segment is in both train and test"
    assert len(train) + len(test) == len(labelled)

    test.to_csv(private / "test.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    test.assign(time_to_eruption=0).to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        segments = raw_folder(raw, "train", Path(tmp))
        for folder, rows in (("train", train), ("test", test)):
            (public / folder).mkdir(exist_ok=True)
            for segment_id in rows["segment_id"]:
                shutil.copyfile(segments / f"{segment_id}.csv", public / folder / f"{segment_id}.csv")
    assert sum(1 for _ in (public / "train").iterdir()) == len(train)
    assert sum(1 for _ in (public / "test").iterdir()) == len(test)
