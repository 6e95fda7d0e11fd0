"""v1's recipe: Kaggle's test set and its released labels are used as they are (no new split);
rows labelled -1 were never scored on Kaggle and are skipped by the grader."""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import write_csv

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    read = lambda name: pd.read_csv(raw / name, dtype={"id": str}, keep_default_na=False)  # noqa: E731
    train, test, answers, sample = read("train.csv"), read("test.csv"), read("test_labels.csv"), read(
        "sample_submission.csv")
    sample[LABELS] = 0.5
    assert sorted(answers["id"]) == sorted(test["id"]) == sorted(sample["id"])
    assert not set(train["id"]) & set(test["id"])
    write_csv(train, public / "train.csv")
    write_csv(test, public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers, private / "test.csv")
