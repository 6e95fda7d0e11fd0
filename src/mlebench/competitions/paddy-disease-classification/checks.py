"""paddy-disease-classification: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""


import pandas as pd
import pytest

CID = "paddy-disease-classification"
COLUMNS = ["image_id", "label", "variety", "age"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test_images", "train.csv", "train_images"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", keep_default_na=False)
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == list(answers.columns) == COLUMNS
    assert list(sample.columns) == ["image_id", "label"] and (sample["label"] == "").all()
    assert list(sample["image_id"]) == list(answers["image_id"])
    assert sorted(p.name for p in (comp.public_dir / "test_images").iterdir()) == sorted(answers["image_id"])


def test_split_is_75_25_and_images_follow_their_rows(comp, prepared):
    raw_dir = prepared.raw_root / CID
    raw = pd.read_csv(raw_dir / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(train) == int(0.75 * len(raw)) and len(train) + len(answers) == len(raw)
    assert pd.concat([train, answers]).sort_values("image_id").reset_index(drop=True).equals(
        raw.sort_values("image_id").reset_index(drop=True))
    for image_id, label in zip(train["image_id"], train["label"]):
        assert (comp.public_dir / "train_images" / label / image_id).read_bytes() == \
            (raw_dir / "train_images" / label / image_id).read_bytes()
    for image_id, label in zip(answers["image_id"], answers["label"]):
        assert (comp.public_dir / "test_images" / image_id).read_bytes() == \
            (raw_dir / "train_images" / label / image_id).read_bytes()


def test_zipped_image_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train_images")


def test_hand_checked_score_with_a_blank_label(comp):
    answers = pd.DataFrame({"image_id": ["1.jpg", "2.jpg", "3.jpg", "4.jpg"],
                            "label": ["blast", "normal", "hispa", "tungro"],
                            "variety": ["ADT45"] * 4, "age": [45, 50, 60, 70]})
    sub = pd.DataFrame({"image_id": ["4.jpg", "3.jpg", "2.jpg", "1.jpg"],
                        "label": ["tungro", None, "normal", "Blast"]})
    # 4 right, 3 blank (wrong), 2 right, 1 wrong ("Blast" is not "blast") -> 2/4
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5)
