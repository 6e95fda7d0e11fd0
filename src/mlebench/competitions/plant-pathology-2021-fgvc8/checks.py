"""plant-pathology-2021-fgvc8: v1's 80/20 split, files and micro-F1 over label sets."""

import pandas as pd
import pytest

CID = "plant-pathology-2021-fgvc8"


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test_images", "train.csv", "train_images"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert len(answers) == 10 and len(train) == 40
    assert list(train.columns) == list(answers.columns) == list(sample.columns) == ["image", "labels"]
    assert list(sample["image"]) == list(answers["image"]) and (sample["labels"] == "healthy").all()
    assert pd.concat([train, answers]).sort_values("image").reset_index(drop=True).equals(
        raw.sort_values("image").reset_index(drop=True))
    for image in answers["image"]:
        assert (comp.public_dir / "test_images" / image).read_bytes() == \
            (prepared.raw_root / CID / "train_images" / image).read_bytes()


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"image": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"],
                            "labels": ["healthy", "scab frog_eye_leaf_spot", "rust", "complex"]})
    sub = pd.DataFrame({"image": ["d.jpg", "c.jpg", "b.jpg", "a.jpg"],
                        "labels": ["complex", None, "scab rust", "healthy"]})
    # TP 3 (healthy, scab, complex), FP 1 (rust on b), FN 2 (frog_eye on b, rust on c) -> 6 / 9
    assert comp.grader.grade(sub, answers).score == pytest.approx(6 / 9, abs=1e-5)
    # a label of no test image ("Healthy", "mildew") is ignored in version 1
    assert comp.grader.grade(sub.assign(labels=["complex mildew", None, "scab rust", "healthy Healthy"]),
                             answers).score == pytest.approx(6 / 9, abs=1e-5)
