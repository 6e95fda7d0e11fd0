"""v1's recipe: the labelled train.csv is split 80/20 into a new train and a test set."""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    df = pd.read_csv(raw / "train.csv")
    train, test = split(df, test_size=0.2)
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns="target"), public / "test.csv")
    write_csv(test[["id", "target"]], private / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "target": 0.5}), public / "sample_submission.csv")
