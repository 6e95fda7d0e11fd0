"""A forecast split: the last 28 days of every series in the labelled train.csv become the test
set, everything before them the new train set (v1's ventilator recipe splits whole breaths at
random instead; a forecast must not see its own future). Ids are kept from the raw file, so
train and test ids never coincide."""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import write_csv

HORIZON = 28


def prepare(raw: Path, public: Path, private: Path) -> None:
    df = pd.read_csv(raw / "train.csv")
    cutoff = (pd.Timestamp(df["date"].max()) - pd.Timedelta(days=HORIZON - 1)).strftime("%Y-%m-%d")
    future = (df["date"] >= cutoff).to_numpy()
    train, test = df[~future].reset_index(drop=True), df[future].reset_index(drop=True)
    assert len(test) == HORIZON * df.groupby(["store", "item"]).ngroups
    assert set(train["id"]).isdisjoint(test["id"])
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns="sales"), public / "test.csv")
    write_csv(pd.read_csv(raw / "holidays.csv"), public / "holidays.csv")
    write_csv(test, private / "test.csv")
    # like v1's ventilator sample submission, a constant 0 everywhere
    write_csv(pd.DataFrame({"id": test["id"], "sales": 0}), public / "sample_submission.csv")
