"""hotel-id-2021-fgvc8: v1's 90/10 split (duplicated image dropped), files and MAP@5."""

import pandas as pd
import pytest

CID = "hotel-id-2021-fgvc8"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test_images", "train.csv", "train_images"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(answers.columns) == ["image", "chain", "hotel_id", "timestamp"]
    assert len(answers) == 5 and len(train) == 41  # 46 rows once both ce27d36c9147cc19.jpg rows are dropped
    assert "ce27d36c9147cc19.jpg" not in set(train["image"]) | set(answers["image"])
    assert list(sample.columns) == ["image", "hotel_id"] and list(sample["image"]) == list(answers["image"])
    assert (sample["hotel_id"] == "36363 53586 18807 64314 60181").all()
    for image, chain in zip(answers["image"], answers["chain"]):
        assert (comp.public_dir / "test_images" / image).read_bytes() == \
            (raw / "train_images" / str(chain) / image).read_bytes()
    assert sorted(p.name for p in (comp.public_dir / "test_images").iterdir()) == sorted(answers["image"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"image": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"], "chain": [1, 1, 2, 0],
                            "hotel_id": [101, 202, 303, 404], "timestamp": ["2018-01-01 00:00:00"] * 4})
    sub = pd.DataFrame({"image": ["d.jpg", "c.jpg", "b.jpg", "a.jpg"],
                        "hotel_id": [None, "1 2 3 4 5 303", "5 202", 101]})
    # a: 1; b: 1/2; c: 6th guess -> 0; d: blank -> 0
    assert comp.grader.grade(sub, answers).score == pytest.approx(1.5 / 4, abs=1e-5)
