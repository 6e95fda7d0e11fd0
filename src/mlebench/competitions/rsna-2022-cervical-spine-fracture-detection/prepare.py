"""v1's recipe for the RSNA 2022 cervical spine fracture competition.

Only Kaggle's labelled studies (``train.csv``, one row per ``StudyInstanceUID`` with
``patient_overall`` and ``C1`` .. ``C7``) are used; 10% of them (rounded) stay training studies,
the rest become the test set. The new training set keeps the original's share of studies with
bounding boxes (``train_bounding_boxes.csv``), of studies with a segmentation
(``segmentations/<uid>.nii``) and of studies with both, each 10% rounded. Draws, all from one
``random.Random(0)`` in this order: the studies with both (from the boxed ids sorted, keeping those
segmented), then segmented-only studies (sorted segmentation ids outside the overlap), then
boxed-only studies (sorted boxed ids outside the overlap), then the remaining training studies from
the rest of ``train.csv`` in file order.

Public: ``train.csv`` and ``train_bounding_boxes.csv`` (the chosen studies' rows, in Kaggle's
order; boxes only for the studies drawn as boxed), ``segmentations/`` (the drawn segmented studies'
``.nii`` files, copied as they are), ``train_images/<uid>/`` and ``test_images/<uid>/`` (whole
DICOM study folders copied from Kaggle's ``train_images``), ``test.csv`` (``StudyInstanceUID,
prediction_type, row_id``: the test studies' labels melted to eight rows each, label by label) and
``sample_submission.csv`` (``row_id, fractured`` = 0.5). Private: ``answers.csv``
(``StudyInstanceUID, prediction_type, fractured, row_id``, ``row_id`` = ``<uid>_<label>``).
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from mlebench.data.kaggle import raw_folder

TRAIN_FRACTION, SEED = 0.1, 0
LABELS = ["patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]
BOX_COLUMNS = ["StudyInstanceUID", "x", "y", "width", "height", "slice_number"]


def _keep_in_train(rng: random.Random, studies: list[str], boxed: list[str], segmented: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(training studies, boxed ones kept, segmented ones kept), drawn in v1's order."""
    segmented_set = set(segmented)
    both = [uid for uid in boxed if uid in segmented_set]
    both_set = set(both)
    n_both = round(len(both) * TRAIN_FRACTION)
    drawn_both = rng.sample(both, n_both)
    segmented_only = rng.sample([uid for uid in segmented if uid not in both_set],
                                round(len(segmented) * TRAIN_FRACTION) - n_both)
    boxed_only = rng.sample([uid for uid in boxed if uid not in both_set],
                            round(len(boxed) * TRAIN_FRACTION) - n_both)
    chosen = drawn_both + segmented_only + boxed_only
    chosen_set = set(chosen)
    chosen += rng.sample([uid for uid in studies if uid not in chosen_set],
                         round(len(studies) * TRAIN_FRACTION) - len(chosen))
    return chosen, drawn_both + boxed_only, drawn_both + segmented_only


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = pd.read_csv(raw / "train.csv")
    if list(labels.columns) != ["StudyInstanceUID", *LABELS]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labels.columns)}, expected StudyInstanceUID, {', '.join(LABELS)}")
    boxes = pd.read_csv(raw / "train_bounding_boxes.csv")
    if list(boxes.columns) != BOX_COLUMNS:
        raise ValueError(f"Kaggle's train_bounding_boxes.csv has columns {list(boxes.columns)}, expected {', '.join(BOX_COLUMNS)}")

    with tempfile.TemporaryDirectory() as tmp:
        segmentations = raw_folder(raw, "segmentations", Path(tmp) / "seg")
        segmented = sorted(p.stem for p in segmentations.glob("*.nii"))
        boxed = sorted(boxes["StudyInstanceUID"].unique())
        chosen, boxed_kept, segmented_kept = _keep_in_train(
            random.Random(SEED), list(labels["StudyInstanceUID"]), boxed, segmented)

        in_train = labels["StudyInstanceUID"].isin(chosen)
        train, test = labels[in_train], labels[~in_train]
        train.to_csv(public / "train.csv", index=False)
        boxes[boxes["StudyInstanceUID"].isin(boxed_kept)].to_csv(public / "train_bounding_boxes.csv", index=False)

        answers = test.melt(id_vars="StudyInstanceUID", var_name="prediction_type", value_name="fractured")
        answers["row_id"] = answers["StudyInstanceUID"] + "_" + answers["prediction_type"]
        answers.to_csv(private / "answers.csv", index=False)
        answers[["row_id"]].assign(fractured=0.5).to_csv(public / "sample_submission.csv", index=False)
        answers.drop(columns=["fractured"]).to_csv(public / "test.csv", index=False)

        (public / "segmentations").mkdir(exist_ok=True)
        for uid in segmented_kept:
            shutil.copyfile(segmentations / f"{uid}.nii", public / "segmentations" / f"{uid}.nii")

        images = raw_folder(raw, "train_images", Path(tmp) / "img")
        for folder, studies in (("train_images", train["StudyInstanceUID"]), ("test_images", test["StudyInstanceUID"])):
            (public / folder).mkdir(exist_ok=True)
            for uid in studies:
                shutil.copytree(images / uid, public / folder / uid, dirs_exist_ok=True)
            copied = sum(1 for _ in (public / folder).iterdir())
            assert copied == len(studies), f"expected {len(studies)} study folders in {folder}/, found {copied}"
