"""v1's recipe: Kaggle's ``train.csv`` is split by patient, 90/10 (random_state=0), into a new train and test.

The patients' groups (``groupby("Patient")``, so in sorted order) are split with
``train_test_split``. Public: ``train.csv`` (the train patients' rows), ``test.csv`` (each test
patient's earliest visit), ``sample_submission.csv`` (``Patient_Week``, FVC 2000, Confidence 100
for every test patient and every week from the test set's first to its last week) and each
patient's CT folder under ``train/`` or ``test/``. Private: ``test.csv``, the same patient-week
grid with the measured FVC (blank where there was no visit), ``Patient_Week`` and a dummy
``Confidence`` of 100.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0


def _copy_scans(raw: Path, patients, dest: Path) -> None:
    dest.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=8) as pool:
        jobs = [pool.submit(shutil.copytree, raw / "train" / p, dest / p, dirs_exist_ok=True) for p in patients]
        for job in jobs:
            job.result()


def prepare(raw: Path, public: Path, private: Path) -> None:
    visits = pd.read_csv(raw / "train.csv")
    groups = list(visits.groupby("Patient"))
    train_groups, test_groups = train_test_split(groups, test_size=TEST_SIZE, random_state=SEED)
    train = pd.concat([g for _, g in train_groups])
    test = pd.concat([g for _, g in test_groups])
    assert set(train["Patient"]).isdisjoint(test["Patient"])

    first_visits = test.sort_values(by="Weeks").groupby("Patient").first().reset_index()

    patients = test["Patient"].unique()
    weeks = range(test["Weeks"].min(), test["Weeks"].max() + 1)
    grid = pd.DataFrame([(p, w) for p in patients for w in weeks], columns=["Patient", "Weeks"])
    answers = grid.merge(test, on=["Patient", "Weeks"], how="left")
    answers["Patient_Week"] = answers["Patient"] + "_" + answers["Weeks"].astype(str)
    answers["Confidence"] = 100
    assert answers.groupby("Patient").size().nunique() == 1
    assert answers["Patient_Week"].is_unique, "a test patient has two visits in one week"

    sample = answers[["Patient_Week"]].copy()
    sample["FVC"] = 2000
    sample["Confidence"] = 100

    train.to_csv(public / "train.csv", index=False)
    first_visits.to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    _copy_scans(raw, train["Patient"].unique(), public / "train")
    _copy_scans(raw, patients, public / "test")

    assert train.shape[1] == 7 and first_visits.shape[1] == 7
    assert answers.shape[1] == 9 and sample.shape[1] == 3
