"""v1's recipe: the split is made by spectrogram, the coarsest recording unit (an EEG belongs to
one spectrogram, a label to one EEG), so nothing recorded for a test label is in training.

The distinct ``spectrogram_id`` values of Kaggle's ``train.csv`` (in order of first appearance)
are split with ``train_test_split(test_size=0.1, random_state=0)``; all rows of a test spectrogram
are test rows, in Kaggle's order.

Public: ``train.csv`` (all 15 columns), ``test.csv`` (``spectrogram_id, eeg_id, patient_id``; one
row per test label, so an EEG with several labelled windows has several identical rows),
``sample_submission.csv`` (``eeg_id`` and the six ``*_vote`` columns, each 1/6), the parquet files
``train_eegs/``, ``test_eegs/``, ``train_spectrograms/``, ``test_spectrograms/`` copied from Kaggle's
training files, and ``example_figures/``. Private: ``test.csv`` (the test rows, all columns) and
``gold_submission.csv`` (``eeg_id`` and the votes divided by their row sum).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TARGETS = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]
TEST_SIZE, SEED = 0.1, 0


def _copy(ids, source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for i in ids:
        shutil.copyfile(source / f"{i}.parquet", target / f"{i}.parquet")


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    _, test_spectrograms = train_test_split(labelled["spectrogram_id"].unique(), test_size=TEST_SIZE, random_state=SEED)
    is_test = labelled["spectrogram_id"].isin(test_spectrograms)
    train, test = labelled[~is_test], labelled[is_test]
    assert set(train["eeg_id"]).isdisjoint(test["eeg_id"]), "an EEG is in both train and test"
    assert len(train) + len(test) == len(labelled) and len(labelled.columns) == 15

    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test[["spectrogram_id", "eeg_id", "patient_id"]].to_csv(public / "test.csv", index=False)
    gold = test[["eeg_id", *TARGETS]].copy()
    gold[TARGETS] = gold[TARGETS].div(gold[TARGETS].sum(axis=1), axis=0)
    gold.to_csv(private / "gold_submission.csv", index=False)
    sample = gold.copy()
    sample[TARGETS] = 1 / len(TARGETS)
    sample.to_csv(public / "sample_submission.csv", index=False)

    shutil.copytree(raw / "example_figures", public / "example_figures")
    _copy(train["eeg_id"].unique(), raw / "train_eegs", public / "train_eegs")
    _copy(test["eeg_id"].unique(), raw / "train_eegs", public / "test_eegs")
    _copy(train["spectrogram_id"].unique(), raw / "train_spectrograms", public / "train_spectrograms")
    _copy(test["spectrogram_id"].unique(), raw / "train_spectrograms", public / "test_spectrograms")
