"""v1's recipe: the labelled train.csv is split 90/10 (seed 0) into a new train and a test set;
the answers are the test rows one-hot encoded; the sample submission holds Kaggle's constants."""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv

CLASSES = ["EAP", "HPL", "MWS"]
SAMPLE_PROBS = {"EAP": 0.403493538995863, "HPL": 0.287808366106543, "MWS": 0.308698094897594}


def prepare(raw: Path, public: Path, private: Path) -> None:
    df = pd.read_csv(raw / "train.csv", dtype=str, keep_default_na=False)
    train, test = split(df, test_size=0.1)
    answers = pd.DataFrame({"id": test["id"], **{c: (test["author"] == c).astype(int) for c in CLASSES}})
    sample = pd.DataFrame({"id": test["id"], **SAMPLE_PROBS})
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns="author"), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv", float_format="%.15g")
    write_csv(answers, private / "test.csv")
