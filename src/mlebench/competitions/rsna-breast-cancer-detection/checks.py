"""rsna-breast-cancer-detection: v1's 90/10 split by patient (seed 42), DICOM images, probabilistic F1."""


from pathlib import Path
import numpy as np
import pandas as pd
import pydicom
import pytest
from sklearn.model_selection import train_test_split

CID = "rsna-breast-cancer-detection"
TEST_COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "implant", "machine_id", "prediction_id"]


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "test_images", "train.csv", "train_images"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    labelled = pd.read_csv(raw / "train.csv")
    _, test_patients = train_test_split(labelled["patient_id"].unique(), test_size=0.1, random_state=42)
    assert len(test_patients) == 4
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    in_test = labelled["patient_id"].isin(test_patients)
    assert train.equals(labelled[~in_test].reset_index(drop=True))
    assert list(test.columns) == TEST_COLUMNS
    assert test.drop(columns="prediction_id").equals(labelled.loc[in_test, TEST_COLUMNS[:-1]].reset_index(drop=True))
    assert list(test["prediction_id"]) == [f"{p}_{s}" for p, s in zip(test["patient_id"], test["laterality"])]
    # one answer per breast, sorted, holding the breast's label
    assert list(answers.columns) == ["prediction_id", "cancer"] and list(answers["prediction_id"]) == sorted(set(test["prediction_id"]))
    truth = labelled[in_test].assign(pid=lambda d: d["patient_id"].astype(str) + "_" + d["laterality"])
    assert dict(zip(answers["prediction_id"], answers["cancer"])) == truth.groupby("pid")["cancer"].max().to_dict()
    assert answers["cancer"].sum() > 0 and len(answers) == 8
    assert list(sample["prediction_id"]) == list(answers["prediction_id"])
    assert np.allclose(sample["cancer"], train["cancer"].mean())
    for folder, rows in (("train_images", train), ("test_images", test)):
        files = sorted(p.relative_to(comp.public_dir / folder).as_posix() for p in (comp.public_dir / folder).rglob("*.dcm"))
        assert files == sorted(f"{p}/{i}.dcm" for p, i in zip(rows["patient_id"], rows["image_id"]))
    for p, i in zip(test["patient_id"], test["image_id"]):
        rel = f"{p}/{i}.dcm"
        assert (comp.public_dir / "test_images" / rel).read_bytes() == (raw / "train_images" / rel).read_bytes()
        assert pydicom.dcmread(comp.public_dir / "test_images" / rel).PatientID == str(p)


def test_zipped_image_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train_images")


ANSWERS = pd.DataFrame({"prediction_id": ["1_L", "1_R", "2_L", "2_R"], "cancer": [1, 1, 0, 0]})


def test_hand_computed_probabilistic_f1(comp):
    sub = pd.DataFrame({"prediction_id": ["2_R", "2_L", "1_R", "1_L"], "cancer": [1.5, 0.2, 0.4, 0.8]})
    # 1.5 clips to 1: pTP = 0.8 + 0.4 = 1.2, pFP = 0.2 + 1 = 1.2: P = 0.5, R = 0.6 -> 2 * 0.3 / 1.1
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(round(0.6 / 1.1, 5))


@pytest.mark.parametrize("value", [np.nan, "high", np.inf])
def test_nan_text_and_inf_predictions_are_invalid(comp, value):
    """v1 scored NaN predictions as 0 instead of rejecting them."""
    sub = ANSWERS.assign(cancer=[value, 0.5, 0.1, 0.1])
    result = comp.grader.grade(sub, ANSWERS)
    assert result.score is None and result.error is None and result.invalid_reason


def test_prepare_streams_raw_files_larger_than_its_memory_cap(tmp_path, assert_media_copied_under_memory_cap):
    """The mammograms hold 160 MiB, the prepare 48 MiB of headroom: they are copied file by file."""
    assert_media_copied_under_memory_cap(Path(__file__).resolve().parent, tmp_path, "train_images/*/*.dcm", "*/*/*.dcm")
