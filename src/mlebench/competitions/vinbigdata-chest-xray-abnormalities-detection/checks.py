"""vinbigdata-chest-xray-abnormalities-detection: v1's 90/10 split by image (seed 0), DICOM files,
v1's consensus answers and gold submission, COCO mAP at IoU 0.4 as v1's pycocotools call."""


from pathlib import Path
import numpy as np
import pandas as pd
import pydicom
import pytest
from sklearn.model_selection import train_test_split

CID = "vinbigdata-chest-xray-abnormalities-detection"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv", "gold_submission.csv"]
    labelled = pd.read_csv(raw / "train.csv")
    _, test_ids = train_test_split(np.asarray(labelled["image_id"].unique(), dtype=object), test_size=0.1, random_state=0)
    assert len(test_ids) == 4
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    in_test = labelled["image_id"].isin(test_ids)
    assert train.equals(labelled[~in_test].reset_index(drop=True))
    assert list(sample["image_id"]) == list(test_ids) and (sample["PredictionString"] == "14 1 0 0 1 1").all()
    # one answer per (image, class), sorted, the first radiologist's box; "No finding" is 0 0 1 1
    test = labelled[in_test]
    assert list(answers.columns) == ["image_id", "class_id", "class_name", "rad_id", "x_min", "y_min", "x_max", "y_max"]
    assert list(zip(answers["image_id"], answers["class_id"])) == sorted(set(zip(test["image_id"], test["class_id"])))
    for row in answers.itertuples(index=False):
        rows = test[(test["image_id"] == row.image_id) & (test["class_id"] == row.class_id)]
        if row.class_id == 14:
            assert (row.x_min, row.y_min, row.x_max, row.y_max) == (0, 0, 1, 1)
        else:
            assert (row.x_min, row.y_min, row.x_max, row.y_max) == tuple(rows.iloc[0][["x_min", "y_min", "x_max", "y_max"]])
            assert row.rad_id == rows.iloc[0]["rad_id"]
    assert answers["class_id"].nunique() > 2 and (answers["class_id"] == 14).any()
    assert list(gold["image_id"]) == sorted(test_ids)
    first = answers[answers["image_id"] == gold["image_id"][0]]
    assert gold["PredictionString"][0] == " ".join(
        f"{r.class_id} 1.0 {float(r.x_min)} {float(r.y_min)} {float(r.x_max)} {float(r.y_max)}" for r in first.itertuples())
    for folder, ids in (("train", labelled.loc[~in_test, "image_id"].unique()), ("test", test_ids)):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(f"{i}.dicom" for i in ids)
    for i in test_ids:
        assert (comp.public_dir / "test" / f"{i}.dicom").read_bytes() == (raw / "train" / f"{i}.dicom").read_bytes()
        assert pydicom.dcmread(comp.public_dir / "test" / f"{i}.dicom").pixel_array.shape == (8, 8)


def test_zipped_train_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train")


ANSWERS = pd.DataFrame({"image_id": ["a", "b", "c"], "class_id": [0, 0, 14], "class_name": ["x", "x", "No finding"],
                        "rad_id": ["R1", "R2", "R3"], "x_min": [0.0, 20, 0], "y_min": [0.0, 20, 0],
                        "x_max": [10.0, 30, 1], "y_max": [10.0, 30, 1]})


@pytest.mark.parametrize("extra_a, expected", [
    # class 0, by confidence: 0.95 b (no overlap: FP), 0.9 a (IoU 1: TP), 0.6 b: read as x, y, w, h,
    # [20, 50] x [20, 35] against [20, 50] x [20, 50]: IoU 450 / 900 = 0.5 >= 0.4: TP. tp 0 1 2, fp 1 1 1:
    # precision 0, 1/2, 2/3 -> monotone 2/3 everywhere, recall reaches 1: AP 2/3. Class 14: AP 1. (2/3 + 1) / 2
    ("", 5 / 6),
    # an unmatched box with negative area (x_max - x_min) * (y_max - y_min) = -10 * 10 is ignored, not a FP
    (" 0 0.99 70 70 60 80", 5 / 6),
    # the same box with positive area is a FP at the top: precision 0, 0, 1/3, 1/2 -> AP 1/2; (1/2 + 1) / 2
    (" 0 0.99 70 70 80 80", 0.75),
])
def test_hand_computed_map(comp, extra_a, expected):
    sub = pd.DataFrame({"image_id": ["c", "b", "a"],
                        "PredictionString": ["14 0.7 0 0 1 1", "0 0.95 60 60 5 5 0 0.6 20 20 30 15", "0 0.9 0 0 10 10" + extra_a]})
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(round(expected, 5))


def test_blank_prediction_is_no_box(comp):
    """v1 crashed on a blank cell; it means no box (here "No finding" gets AP 0)."""
    sub = pd.DataFrame({"image_id": ["a", "b", "c"], "PredictionString": ["0 0.9 0 0 10 10", "0 0.8 20 20 30 30", None]})
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(0.5)


def test_answers_first_box_counts(comp):
    """v1 (pycocotools with box ids from 0) never matched the answers' first box; every match counts here."""
    gold = pd.DataFrame({"image_id": ["a", "b", "c"], "PredictionString": ["0 1 0 0 10 10", "0 1 20 20 30 30", "14 1 0 0 1 1"]})
    assert comp.grader.grade(gold, ANSWERS).score == 1.0


@pytest.mark.parametrize("cell, words", [
    ("0 0.9 0 0 10", "6 fields"),
    ("0 high 0 0 10 10", "number"),
    ("0 nan 0 0 10 10", "non-finite"),
    ("0.5 0.9 0 0 10 10", "integer"),
])
def test_malformed_predictions_are_invalid(comp, cell, words):
    sub = pd.DataFrame({"image_id": ["a", "b", "c"], "PredictionString": [cell, "0 0.8 20 20 30 30", "14 1 0 0 1 1"]})
    result = comp.grader.grade(sub, ANSWERS)
    assert result.score is None and result.error is None and words in result.invalid_reason.lower()


def test_prepare_streams_raw_files_larger_than_its_memory_cap(tmp_path, assert_media_copied_under_memory_cap):
    """The training DICOMs hold 160 MiB, the prepare 48 MiB of headroom: they are copied file by file."""
    assert_media_copied_under_memory_cap(Path(__file__).resolve().parent, tmp_path, "train/*.dicom", "*/*.dicom")
