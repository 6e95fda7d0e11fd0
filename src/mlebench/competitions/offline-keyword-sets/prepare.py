"""v1's recipe for the mirrored competition, with a larger test share: ``Train.csv`` (inside
``Train.zip``, or extracted) is split 75/25 (``random_state=0``; v1 keeps 10 %).

Public: ``train.csv`` (Id, Title, Body, Tags), ``test.csv`` (Id, Title, Body) and
``sample_submission.csv`` (Id, Tags = "javascript c# python php java" on every row).
Private: ``test.csv`` (Id, Title, Body, Tags).
"""

import zipfile
from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv

TEST_SIZE = 0.25
SAMPLE_TAGS = "javascript c# python php java"


def _read_train(raw: Path) -> pd.DataFrame:
    options = dict(dtype={"Id": str, "Tags": str}, keep_default_na=False)
    if (raw / "Train.csv").is_file():
        return pd.read_csv(raw / "Train.csv", **options)
    with zipfile.ZipFile(raw / "Train.zip") as zf, zf.open("Train.csv") as f:
        return pd.read_csv(f, **options)


def prepare(raw: Path, public: Path, private: Path) -> None:
    train, test = split(_read_train(raw), test_size=TEST_SIZE)
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns="Tags"), public / "test.csv")
    write_csv(test[["Id"]].assign(Tags=SAMPLE_TAGS), public / "sample_submission.csv")
    write_csv(test, private / "test.csv")
