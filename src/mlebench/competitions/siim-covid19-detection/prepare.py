"""v1's recipe: Kaggle's labelled studies are split 90/10 (``train_test_split(test_size=0.1,
random_state=0)`` on the rows of ``train_study_level.csv``); every image goes with its study.

Public: ``train_study_level.csv`` and ``train_image_level.csv`` (the training studies' rows, sorted
by id), the DICOM files of ``train/`` and ``test/`` in Kaggle's layout ``<study>/<series>/<image>.dcm``
(whole study folders copied), and ``sample_submission.csv``. Private: ``test.csv`` (``id``,
``PredictionString``): one row per test study, ``<label> 1 0 0 1 1`` with the study's class
(negative, typical, indeterminate or atypical), then one row per test image holding its ``label``
from ``train_image_level.csv`` (``opacity 1 x0 y0 x1 y1 ...`` or ``none 1 0 0 1 1``). The sample
predicts ``negative 1 0 0 1 1`` for studies and ``none 1 0 0 1 1`` for images. Kaggle's own
unlabelled ``test/`` is not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0
STUDY_COLUMNS = ["Negative for Pneumonia", "Typical Appearance", "Indeterminate Appearance", "Atypical Appearance"]
STUDY_LABELS = ["negative", "typical", "indeterminate", "atypical"]
WHOLE_IMAGE = "1 0 0 1 1"  # confidence 1, box (0, 0)-(1, 1): the study-level and "none" convention


def prepare(raw: Path, public: Path, private: Path) -> None:
    studies = pd.read_csv(raw / "train_study_level.csv")
    if list(studies.columns) != ["id", *STUDY_COLUMNS]:
        raise ValueError(f"Kaggle's train_study_level.csv has columns {list(studies.columns)}, expected id, {STUDY_COLUMNS}")
    images = pd.read_csv(raw / "train_image_level.csv")
    if list(images.columns) != ["id", "boxes", "label", "StudyInstanceUID"]:
        raise ValueError(f"Kaggle's train_image_level.csv has columns {list(images.columns)}")

    train_studies, test_studies = train_test_split(studies, test_size=TEST_SIZE, random_state=SEED)
    train_studies, test_studies = train_studies.sort_values("id"), test_studies.sort_values("id")
    study_key = images["StudyInstanceUID"] + "_study"
    train_images = images[study_key.isin(train_studies["id"])].sort_values("id")
    test_images = images[study_key.isin(test_studies["id"])].sort_values("id")
    assert len(train_images) + len(test_images) == len(images), "every image belongs to a labelled study"

    train_studies.to_csv(public / "train_study_level.csv", index=False)
    train_images.to_csv(public / "train_image_level.csv", index=False)

    study_class = np.asarray(STUDY_LABELS)[test_studies[STUDY_COLUMNS].to_numpy().argmax(axis=1)]
    answers = pd.concat([
        pd.DataFrame({"id": test_studies["id"].to_numpy(), "PredictionString": [f"{c} {WHOLE_IMAGE}" for c in study_class]}),
        pd.DataFrame({"id": test_images["id"].to_numpy(), "PredictionString": test_images["label"].to_numpy()}),
    ], ignore_index=True)
    answers.to_csv(private / "test.csv", index=False)
    sample = answers.assign(PredictionString=[f"negative {WHOLE_IMAGE}"] * len(test_studies)
                            + [f"none {WHOLE_IMAGE}"] * len(test_images))
    sample.to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        source = raw_folder(raw, "train", Path(tmp))
        for folder, table in (("train", train_studies), ("test", test_studies)):
            for study in table["id"].str.removesuffix("_study"):
                shutil.copytree(source / study, public / folder / study)
            copied = sum(1 for p in (public / folder).iterdir() if p.is_dir()) if (public / folder).is_dir() else 0
            assert copied == len(table), f"expected {len(table)} study folders in {folder}/, found {copied}"
