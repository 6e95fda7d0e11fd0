"""rsna-2022-cervical-spine-fracture-detection: v1's 10% training split with the boxed / segmented
shares kept, DICOM study folders, melted test rows, the weighted multi-label log loss."""

import math
from pathlib import Path

import pandas as pd
import pydicom
import pytest

CID = "rsna-2022-cervical-spine-fracture-detection"
LABELS = ["patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]

# v1's prepare run on this fixture chose these training studies (its draws from random.Random(0))
V1_TRAIN = ["1.2.826.0.1.3680043.30917", "1.2.826.0.1.3680043.1857", "1.2.826.0.1.3680043.3916",
            "1.2.826.0.1.3680043.25128", "1.2.826.0.1.3680043.20543", "1.2.826.0.1.3680043.3720"]


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "segmentations", "test.csv", "test_images",
        "train.csv", "train_bounding_boxes.csv", "train_images"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    labels = pd.read_csv(raw / "train.csv", dtype=str)
    boxes = pd.read_csv(raw / "train_bounding_boxes.csv", dtype=str)
    segmented = {p.stem for p in (raw / "segmentations").glob("*.nii")}
    train = pd.read_csv(comp.public_dir / "train.csv", dtype=str)
    assert sorted(train["StudyInstanceUID"]) == sorted(V1_TRAIN)
    assert train.equals(labels[labels["StudyInstanceUID"].isin(V1_TRAIN)].reset_index(drop=True))
    # shares kept: 60 studies -> 6; 20 boxed -> 2; 16 segmented -> 2; 10 with both -> 1
    kept_boxes = pd.read_csv(comp.public_dir / "train_bounding_boxes.csv", dtype=str)
    boxed_kept = set(kept_boxes["StudyInstanceUID"])
    seg_kept = {p.stem for p in (comp.public_dir / "segmentations").iterdir()}
    assert len(boxed_kept) == 2 and len(seg_kept) == 2 and len(boxed_kept & seg_kept) == 1
    assert boxed_kept | seg_kept <= set(V1_TRAIN)
    assert kept_boxes.equals(boxes[boxes["StudyInstanceUID"].isin(boxed_kept)].reset_index(drop=True))
    assert seg_kept <= segmented
    for uid in seg_kept:
        assert (comp.public_dir / "segmentations" / f"{uid}.nii").read_bytes() == (raw / "segmentations" / f"{uid}.nii").read_bytes()

    answers = pd.read_csv(comp.private_dir / "answers.csv", dtype=str)
    test_labels = labels[~labels["StudyInstanceUID"].isin(V1_TRAIN)]
    assert list(answers.columns) == ["StudyInstanceUID", "prediction_type", "fractured", "row_id"]
    assert len(answers) == 8 * 54
    # melted label by label: all studies' patient_overall first, then C1, ...
    assert list(answers["prediction_type"]) == [t for t in LABELS for _ in range(54)]
    assert list(answers["StudyInstanceUID"]) == list(test_labels["StudyInstanceUID"]) * 8
    assert list(answers["fractured"]) == [v for t in LABELS for v in test_labels[t]]
    assert (answers["row_id"] == answers["StudyInstanceUID"] + "_" + answers["prediction_type"]).all()
    test = pd.read_csv(comp.public_dir / "test.csv", dtype=str)
    assert test.equals(answers.drop(columns=["fractured"]))
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype=str)
    assert list(sample.columns) == ["row_id", "fractured"] and (sample["fractured"] == "0.5").all()
    assert list(sample["row_id"]) == list(answers["row_id"])

    for folder, ids in (("train_images", V1_TRAIN), ("test_images", test_labels["StudyInstanceUID"])):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(ids)
    for uid in test_labels["StudyInstanceUID"][:5]:
        files = sorted(p.name for p in (raw / "train_images" / uid).iterdir())
        assert files == sorted(p.name for p in (comp.public_dir / "test_images" / uid).iterdir())
        for name in files:
            assert (comp.public_dir / "test_images" / uid / name).read_bytes() == (raw / "train_images" / uid / name).read_bytes()
        assert pydicom.dcmread(comp.public_dir / "test_images" / uid / files[0]).StudyInstanceUID == uid


def test_zipped_image_and_segmentation_folders_prepare_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train_images", "segmentations")


def _answers(rows):
    df = pd.DataFrame(rows, columns=["StudyInstanceUID", "prediction_type", "fractured"])
    return df.assign(row_id=df["StudyInstanceUID"] + "_" + df["prediction_type"])


# two studies: A has no fracture; B has patient_overall and C1 fractured
ANSWERS = _answers([("1.2.A", t, 0) for t in LABELS] + [("1.2.B", t, int(t in ("patient_overall", "C1"))) for t in LABELS])


def test_hand_computed_weighted_loss_in_any_row_order(comp):
    # A: all 0.5 -> every cell ln 2, study loss ln 2
    # B: patient_overall 0.8 (w 14, -ln .8), C1 0.5 (w 2, ln 2), C2..C7 0.5 (w 1 each, ln 2)
    #    -> (14 ln 1.25 + 8 ln 2) / 22;  score = mean of the two
    pred = {"1.2.B_patient_overall": 0.8}
    sub = pd.DataFrame({"row_id": ANSWERS["row_id"], "fractured": [pred.get(r, 0.5) for r in ANSWERS["row_id"]]})
    expected = (math.log(2) + (14 * math.log(1.25) + 8 * math.log(2)) / 22) / 2
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(expected, abs=1e-5)
    assert comp.grader.grade(sub.iloc[::-1].reset_index(drop=True), ANSWERS).score == pytest.approx(expected, abs=1e-5)
    perfect = ANSWERS[["row_id", "fractured"]].sample(frac=1, random_state=1)
    assert comp.grader.grade(perfect, ANSWERS).score == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("value", [1.2, -0.1])
def test_probability_outside_unit_interval_is_invalid(comp, value):
    sub = ANSWERS[["row_id", "fractured"]].astype({"fractured": float})
    sub.loc[3, "fractured"] = value
    result = comp.grader.grade(sub, ANSWERS)
    assert result.score is None and result.error is None and "[0, 1]" in result.invalid_reason


def test_missing_row_and_extra_column_are_invalid(comp):
    sub = ANSWERS[["row_id", "fractured"]].astype({"fractured": float})
    result = comp.grader.grade(sub.iloc[1:], ANSWERS)
    assert result.score is None and result.error is None and result.invalid_reason
    result = comp.grader.grade(sub.assign(StudyInstanceUID="x"), ANSWERS)
    assert result.score is None and result.error is None and "StudyInstanceUID" in result.invalid_reason


def test_prepare_streams_raw_files_larger_than_its_memory_cap(tmp_path, assert_media_copied_under_memory_cap):
    """The CT slices hold 160 MiB, the prepare 48 MiB of headroom: they are copied file by file."""
    assert_media_copied_under_memory_cap(Path(__file__).resolve().parent, tmp_path, "train_images/*/*.dcm", "*/*/*.dcm")
