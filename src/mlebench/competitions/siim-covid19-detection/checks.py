"""siim-covid19-detection: v1's 90/10 split by study (seed 0), DICOM study folders, pooled mAP@0.5."""


import pandas as pd
import pydicom
import pytest
from sklearn.model_selection import train_test_split

CID = "siim-covid19-detection"
ANSWERS = pd.DataFrame({"id": ["s1_study", "s2_study", "i1_image", "i2_image"],
                        "PredictionString": ["typical 1 0 0 1 1", "negative 1 0 0 1 1", "opacity 1 0 0 10 10", "none 1 0 0 1 1"]})


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train_image_level.csv", "train_study_level.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    studies = pd.read_csv(raw / "train_study_level.csv")
    images = pd.read_csv(raw / "train_image_level.csv")
    expected_train, expected_test = train_test_split(studies, test_size=0.1, random_state=0)
    train = pd.read_csv(comp.public_dir / "train_study_level.csv")
    train_images = pd.read_csv(comp.public_dir / "train_image_level.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert len(train) == 27 and len(expected_test) == 3
    assert train.equals(expected_train.sort_values("id").reset_index(drop=True))
    test_studies = sorted(expected_test["id"])
    test_images = images[(images["StudyInstanceUID"] + "_study").isin(test_studies)].sort_values("id")
    assert train_images.equals(images.drop(test_images.index).sort_values("id").reset_index(drop=True))
    assert list(answers["id"]) == test_studies + list(test_images["id"])
    classes = {"Negative for Pneumonia": "negative", "Typical Appearance": "typical",
               "Indeterminate Appearance": "indeterminate", "Atypical Appearance": "atypical"}
    for row in expected_test.sort_values("id").itertuples(index=False):
        label = [classes[c] for c, v in zip(studies.columns[1:], row[1:]) if v == 1][0]
        assert answers.set_index("id").loc[row[0], "PredictionString"] == f"{label} 1 0 0 1 1"
    assert list(answers["PredictionString"][len(test_studies):]) == list(test_images["label"])
    assert list(sample["id"]) == list(answers["id"])
    assert list(sample["PredictionString"]) == (["negative 1 0 0 1 1"] * len(test_studies)
                                                + ["none 1 0 0 1 1"] * len(test_images))
    for folder, ids in (("train", train["id"]), ("test", test_studies)):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(i[:-len("_study")] for i in ids)
    files = sorted(p.relative_to(comp.public_dir / "test") for p in (comp.public_dir / "test").rglob("*.dcm"))
    assert sorted(f.stem for f in files) == sorted(i[:-len("_image")] for i in test_images["id"])
    for rel in files:
        assert (comp.public_dir / "test" / rel).read_bytes() == (raw / "train" / rel).read_bytes()
        assert pydicom.dcmread(comp.public_dir / "test" / rel).pixel_array.shape == (8, 8)


def test_zipped_train_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train")


@pytest.mark.parametrize("opacity, expected", [
    # opacity box IoU 50/100 = 0.5 is not > 0.5: a false positive at 0.8 and a miss (1, 0); with
    # three empty rows (0, 0): AP = recall 1 reached only at threshold 0 with precision 1/5 = 0.2;
    # negative, none, typical: every hit above every false positive -> AP 1. (1 + 1 + 1 + 0.2) / 4
    ("opacity 0.8 0 0 10 5", 0.8),
    # IoU 60/100 > 0.5: a hit -> every class AP 1
    ("opacity 0.8 0 0 10 6", 1.0),
])
def test_hand_computed_map(comp, opacity, expected):
    sub = pd.DataFrame({"id": ["i2_image", "i1_image", "s2_study", "s1_study"],
                        "PredictionString": ["none 0.5 0 0 1 1", opacity,
                                             "typical 0.4 0 0 1 1 negative 0.6 0 0 1 1", "typical 0.9 0 0 1 1"]})
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(expected)


def test_blank_prediction_is_no_box(comp):
    """v1 crashed on a blank cell; it means "no prediction" (the true box becomes a miss)."""
    sub = ANSWERS.copy()
    sub.loc[2, "PredictionString"] = None
    # opacity: one miss (1, 0) and three (0, 0) pairs -> precision 1/4 at recall 1; others AP 1
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx((3 + 0.25) / 4)


@pytest.mark.parametrize("cell, words", [
    ("opacity 0.8 0 0 10", "6 fields"),
    ("opacity high 0 0 10 10", "numbers"),
    ("opacity nan 0 0 10 10", "nan"),
])
def test_malformed_predictions_are_invalid(comp, cell, words):
    sub = ANSWERS.copy()
    sub.loc[2, "PredictionString"] = cell
    result = comp.grader.grade(sub, ANSWERS)
    assert result.score is None and result.error is None and words in result.invalid_reason.lower()
