"""imet-2020-fgvc7: v1's 85/15 split, files and grading (attributes unknown to the answers ignored)."""

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "imet-2020-fgvc7"


def check_files_and_split(comp, raw) -> None:
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "labels.csv", "sample_submission.csv", "test", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    full = pd.read_csv(raw / "train.csv")
    train, test = train_test_split(full, test_size=0.15, random_state=0)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert answers.equals(test.reset_index(drop=True)) and len(answers) == 6
    assert pd.read_csv(comp.public_dir / "train.csv").equals(train.reset_index(drop=True))
    assert list(sample["id"]) == list(answers["id"]) and (sample["attribute_ids"] == "0 1 2").all()
    assert (comp.public_dir / "labels.csv").read_bytes() == (raw / "labels.csv").read_bytes()
    for folder, rows in (("test", answers), ("train", train)):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(f"{i}.png" for i in rows["id"])
    for image_id in answers["id"]:
        assert (comp.public_dir / "test" / f"{image_id}.png").read_bytes() == (raw / "train" / f"{image_id}.png").read_bytes()


def hand_checked_case():
    answers = pd.DataFrame({"id": ["a", "b", "c", "d"], "attribute_ids": ["1 2", "3", "2 4", "5"]})
    sub = pd.DataFrame({"id": ["d", "c", "b", "a"], "attribute_ids": ["5", None, "3 1", "1 2"]})
    # TP 4 (a:1,2  b:3  d:5), FP 1 (b:1), FN 2 (c:2,4) -> 8 / 11
    return answers, sub


def test_files_and_split(comp, prepared):
    check_files_and_split(comp, prepared.raw_root / CID)


def test_hand_checked_score(comp):
    answers, sub = hand_checked_case()
    assert comp.grader.grade(sub, answers).score == pytest.approx(8 / 11, abs=1e-5)
    # v1 drops "999" and "01" (no test image has them): still 8 / 11
    assert comp.grader.grade(sub.assign(attribute_ids=["5 999", None, "3 1", "1 2 01"]), answers).score == pytest.approx(8 / 11, abs=1e-5)
    assert comp.grader.grade(pd.concat([sub, sub.iloc[:1]]), answers).score is None


def test_zipped_train_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train")
