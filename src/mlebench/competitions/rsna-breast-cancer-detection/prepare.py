"""v1's recipe: Kaggle's training patients are split 90/10 (``train_test_split(test_size=0.1,
random_state=42)`` on the unique ``patient_id`` values of ``train.csv``, in order of appearance);
every mammogram goes with its patient.

Public: ``train.csv`` (the training patients' rows, all columns), ``test.csv`` (the test patients'
rows with Kaggle's test columns ``site_id, patient_id, image_id, laterality, view, age, implant,
machine_id, prediction_id``; ``prediction_id`` is ``<patient_id>_<laterality>``), the DICOM files
in ``train_images/`` and ``test_images/`` (``<patient_id>/<image_id>.dcm``) and
``sample_submission.csv`` (every prediction_id, ``cancer`` = the training rows' mean cancer rate).
Private: ``answers.csv`` (``prediction_id, cancer``, one row per breast, sorted by prediction_id).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 42
TRAIN_COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "cancer", "biopsy", "invasive",
                 "BIRADS", "implant", "density", "machine_id", "difficult_negative_case"]
TEST_COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "implant", "machine_id", "prediction_id"]


def _copy_images(source: Path, rows: pd.DataFrame, target: Path) -> None:
    target.mkdir(exist_ok=True)
    for patient, group in rows.groupby("patient_id", sort=False):
        (target / str(patient)).mkdir(exist_ok=True)
        for image in group["image_id"]:
            shutil.copyfile(source / str(patient) / f"{image}.dcm", target / str(patient) / f"{image}.dcm")
    copied = sum(1 for _ in target.glob("*/*.dcm"))
    assert copied == len(rows), f"expected {len(rows)} images in {target.name}/, found {copied}"


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")  # pandas 3 parses floats round-trip by default (v1 asked for it)
    if list(labelled.columns) != TRAIN_COLUMNS:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected {TRAIN_COLUMNS}")
    train_patients, test_patients = train_test_split(labelled["patient_id"].unique(), test_size=TEST_SIZE, random_state=SEED)
    train = labelled[labelled["patient_id"].isin(train_patients)]
    test = labelled[labelled["patient_id"].isin(test_patients)]
    assert len(train) + len(test) == len(labelled)
    test = test.assign(prediction_id=test["patient_id"].astype(str) + "_" + test["laterality"])

    train.to_csv(public / "train.csv", index=False)
    test[TEST_COLUMNS].to_csv(public / "test.csv", index=False)
    # one row per breast: its images share the label
    answers = test.groupby("prediction_id")["cancer"].first().reset_index()
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(cancer=train["cancer"].mean()).to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        source = raw_folder(raw, "train_images", Path(tmp))
        _copy_images(source, train, public / "train_images")
        _copy_images(source, test, public / "test_images")
