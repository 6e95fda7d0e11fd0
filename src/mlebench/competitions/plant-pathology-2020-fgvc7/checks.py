"""plant-pathology-2020-fgvc7: v1's prepared layout and grading."""

import pandas as pd
import pytest

CID = "plant-pathology-2020-fgvc7"
CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def test_files_and_columns_match_v1(comp):
    pub, priv = comp.public_dir, comp.private_dir
    assert sorted(p.name for p in pub.iterdir()) == [
        "description.md", "images", "sample_submission.csv", "test.csv", "train.csv"
    ]
    assert sorted(p.name for p in priv.iterdir()) == ["test.csv"]
    train = pd.read_csv(pub / "train.csv")
    test = pd.read_csv(pub / "test.csv")
    answers = pd.read_csv(priv / "test.csv")
    sample = pd.read_csv(pub / "sample_submission.csv")
    assert list(train.columns) == ["image_id", *CLASSES]
    assert list(test.columns) == ["image_id"]
    assert list(answers.columns) == ["image_id", *CLASSES]
    assert list(sample.columns) == ["image_id", *CLASSES]
    assert (sample[CLASSES] == 0.25).all().all()
    assert list(sample["image_id"]) == list(test["image_id"]) == list(answers["image_id"])


def test_split_is_ten_percent_with_renamed_ids(comp):
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(train) + len(answers) == 60 and len(answers) == 6
    assert list(train["image_id"]) == [f"Train_{i}" for i in range(len(train))]
    assert list(answers["image_id"]) == [f"Test_{i}" for i in range(len(answers))]
    assert (answers[CLASSES].sum(axis=1) == 1).all()


def test_images_cover_train_and_test_only(comp):
    names = sorted(p.stem for p in (comp.public_dir / "images").glob("*.jpg"))
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert names == sorted([*train["image_id"], *answers["image_id"]])


def test_images_follow_their_rows(comp, prepared):
    """The image renamed to Test_i is the raw image of the row whose labels are Test_i's answers."""
    raw = prepared.raw_root / CID
    raw_train = pd.read_csv(raw / "train.csv").set_index("image_id")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    by_bytes = {(raw / "images" / f"{i}.jpg").read_bytes(): i for i in raw_train.index}
    for _, row in answers.iterrows():
        old = by_bytes[(comp.public_dir / "images" / f"{row['image_id']}.jpg").read_bytes()]
        assert list(raw_train.loc[old, CLASSES]) == list(row[CLASSES])


def test_hand_checked_score(comp):
    answers = pd.DataFrame(
        {"image_id": ["Test_0", "Test_1", "Test_2", "Test_3"],
         "healthy": [1, 0, 0, 0], "multiple_diseases": [0, 1, 0, 0], "rust": [0, 0, 1, 0], "scab": [0, 0, 0, 1]}
    )
    sub = pd.DataFrame(
        {"image_id": ["Test_3", "Test_2", "Test_1", "Test_0"],
         # healthy: perfect (1.0); multiple_diseases: inverted (0.0); rust: constant (0.5);
         # scab: positive Test_3 ranked above 2 of 3 negatives (2/3)
         "healthy": [0.1, 0.2, 0.3, 0.9], "multiple_diseases": [0.9, 0.9, 0.1, 0.9],
         "rust": [0.5, 0.5, 0.5, 0.5], "scab": [0.5, 0.1, 0.2, 0.7]}
    )
    expected = (1.0 + 0.0 + 0.5 + 2 / 3) / 4
    assert comp.grader(sub, answers) == pytest.approx(round(expected, 5))
