"""v1's recipe: Kaggle's labelled ``Train.csv`` (inside ``Train.zip``) is split 90/10 (random_state=0).

Public: ``train.csv`` (Id, Title, Body, Tags), ``test.csv`` (Id, Title, Body) and
``sample_submission.csv`` (Id, Tags = "javascript c# python php java" on every row). Private:
``test.csv`` (Id, Title, Body, Tags). Kaggle's own ``Test.zip`` has no tags and is not used.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
SAMPLE_TAGS = "javascript c# python php java"


def _read_train(raw: Path) -> pd.DataFrame:
    """``Train.csv`` from an extracted download, else streamed out of ``Train.zip`` (not extracted to disk)."""
    kwargs = dict(dtype={"Id": str, "Tags": str})
    if (raw / "Train.csv").is_file():
        return pd.read_csv(raw / "Train.csv", **kwargs)
    with zipfile.ZipFile(raw / "Train.zip") as zf:
        name = next(n for n in zf.namelist() if n.rsplit("/", 1)[-1] == "Train.csv")
        with zf.open(name) as f:
            return pd.read_csv(f, **kwargs)


def prepare(raw: Path, public: Path, private: Path) -> None:
    questions = _read_train(raw)
    train, test = train_test_split(questions, test_size=TEST_SIZE, random_state=SEED)
    public_test = test.drop(columns=["Tags"])
    sample = public_test.copy()
    sample["Tags"] = SAMPLE_TAGS

    train.to_csv(public / "train.csv", index=False)
    public_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)

    assert len(train) + len(test) == len(questions) and len(sample) == len(test)
