"""rsna-miccai-brain-tumor-radiogenomic-classification: v1's 90/10 split (seed 0), DICOM case folders, AUC."""


import pandas as pd
import pydicom
import pytest
from sklearn.model_selection import train_test_split

from mlebench.grading.submission import read_csv

CID = "rsna-miccai-brain-tumor-radiogenomic-classification"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train_labels.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    labelled = pd.read_csv(raw / "train_labels.csv", dtype=str)
    expected_train, expected_test = train_test_split(labelled, test_size=0.1, random_state=0)
    train = pd.read_csv(comp.public_dir / "train_labels.csv", dtype=str)
    answers = pd.read_csv(comp.private_dir / "test.csv", dtype=str)
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype=str)
    assert len(train) == 36 and len(answers) == 4
    assert train.equals(expected_train.reset_index(drop=True))
    assert answers.equals(expected_test.reset_index(drop=True))
    assert answers["BraTS21ID"].str.fullmatch(r"\d{5}").all() and answers["MGMT_value"].nunique() == 2
    assert list(sample["BraTS21ID"]) == list(answers["BraTS21ID"]) and (sample["MGMT_value"] == "0.5").all()
    for folder, ids in (("train", train["BraTS21ID"]), ("test", answers["BraTS21ID"])):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(ids)
    for case in answers["BraTS21ID"]:
        files = sorted(p.relative_to(raw / "train").as_posix() for p in (raw / "train" / case).rglob("*.dcm"))
        assert files == sorted(p.relative_to(comp.public_dir / "test").as_posix()
                               for p in (comp.public_dir / "test" / case).rglob("*.dcm"))
        assert {f.split("/")[1] for f in files} == {"FLAIR", "T1w", "T1wCE", "T2w"}
        for rel in files:
            assert (comp.public_dir / "test" / rel).read_bytes() == (raw / "train" / rel).read_bytes()
        assert pydicom.dcmread(comp.public_dir / "test" / files[0]).PatientID == case


def test_zipped_train_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train")


ANSWERS = pd.DataFrame({"BraTS21ID": [1, 13, 200, 1003], "MGMT_value": [0, 0, 1, 1]})


def test_hand_computed_auc_with_padded_and_plain_ids(comp, tmp_path):
    # positives 0.35, 0.8; negatives 0.1, 0.4: pairs ranked right (.35>.1) (.8>.1) (.8>.4) = 3 of 4
    padded = tmp_path / "padded.csv"
    padded.write_text("BraTS21ID,MGMT_value\n01003,0.8\n00200,0.35\n00013,0.4\n00001,0.1\n")
    assert comp.grader.grade(read_csv(padded), ANSWERS).score == pytest.approx(0.75)
    plain = tmp_path / "plain.csv"
    plain.write_text("BraTS21ID,MGMT_value\n1003,0.8\n200,0.35\n13,0.4\n1,0.1\n")
    assert comp.grader.grade(read_csv(plain), ANSWERS).score == pytest.approx(0.75)


@pytest.mark.parametrize("value", [1.2, -0.1])
def test_probability_outside_unit_interval_is_invalid(comp, value):
    sub = ANSWERS.assign(MGMT_value=[value, 0.5, 0.5, 0.5])
    result = comp.grader.grade(sub, ANSWERS)
    assert result.score is None and result.error is None and "[0, 1]" in result.invalid_reason
