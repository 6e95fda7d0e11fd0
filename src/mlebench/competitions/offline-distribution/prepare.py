"""v1's recipe for hms-harmful-brain-activity-classification, on one window per eeg_id: the labelled
train.csv is split 75/25 (``random_state=0``) into a new train and test set. The public test.csv
keeps the ids and features; the answers hold each test window's vote shares (votes divided by
their total), the distribution a submission is scored against."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv

VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    df = pd.read_csv(raw / "train.csv")
    train, test = split(df, test_size=0.25)
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=["expert_consensus", *VOTES]), public / "test.csv")
    shares = test[VOTES].div(test[VOTES].sum(axis=1), axis=0)
    write_csv(pd.concat([test[["eeg_id"]], shares], axis=1), private / "test.csv", float_format="%.10g")
    write_csv(test[["eeg_id"]].assign(**{v: 1 / len(VOTES) for v in VOTES}), public / "sample_submission.csv")
