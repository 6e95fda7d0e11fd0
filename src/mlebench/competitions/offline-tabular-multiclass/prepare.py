"""v1's recipe: the labelled train.csv is split 90/10 (seed 0) into a new train and a test set."""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    df = pd.read_csv(raw / "train.csv")
    train, test = split(df, test_size=0.1)
    assert set(train["Id"]).isdisjoint(test["Id"])
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns="Cover_Type"), public / "test.csv")
    write_csv(test[["Id", "Cover_Type"]], private / "test.csv")
    # v1's sample submission predicts the majority class, 2, everywhere
    write_csv(pd.DataFrame({"Id": test["Id"], "Cover_Type": 2}), public / "sample_submission.csv")
