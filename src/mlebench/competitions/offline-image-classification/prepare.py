"""v1's recipe: the labelled train.csv is split 81/19 (``random_state=0``) into a new train and
test set; the tiles are re-zipped as public ``train.zip`` and ``test.zip``. No public ``test.csv``
exists (as on Kaggle): the test ids are the file names in ``test.zip`` and the sample submission.
Tile names are opaque hex ids, so nothing in a name tells the label."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv, write_zip


def prepare(raw: Path, public: Path, private: Path) -> None:
    df = pd.read_csv(raw / "train.csv")
    train, test = split(df, test_size=0.19)
    write_csv(train, public / "train.csv")
    write_csv(test, private / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "has_cactus": 0.5}), public / "sample_submission.csv")
    with zipfile.ZipFile(raw / "train.zip") as z:
        write_zip(public / "train.zip", [(f"train/{i}", z.read(f"train/{i}")) for i in train["id"]])
        write_zip(public / "test.zip", [(f"test/{i}", z.read(f"train/{i}")) for i in test["id"]])
