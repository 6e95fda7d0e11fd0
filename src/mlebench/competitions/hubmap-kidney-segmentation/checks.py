"""hubmap-kidney-segmentation: v1's 12/3 split, files (with v1's leak) and grading."""

import json

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "hubmap-kidney-segmentation"


def check_files_and_split(comp, raw, test_polygons: bool) -> None:
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "HuBMAP-20-dataset_information.csv", "description.md", "sample_submission.csv", "test", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "test.csv"]
    full = pd.read_csv(raw / "train.csv")
    train, test = train_test_split(full, train_size=12, test_size=3, random_state=0)
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == ["id", "encoding", "width_pixels", "height_pixels"]
    assert list(answers["id"]) == list(test["id"]) and list(answers["encoding"]) == list(test["encoding"])
    assert pd.read_csv(comp.public_dir / "train.csv").equals(train.reset_index(drop=True))
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    assert list(gold.columns) == ["id", "predicted"] and list(gold["predicted"]) == list(answers["encoding"])
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample["id"]) == list(answers["id"]) and sample["predicted"].isna().all()
    assert (comp.public_dir / "test" / "sample_submission.csv").read_bytes() == (comp.public_dir / "sample_submission.csv").read_bytes()
    info = pd.read_csv(comp.public_dir / "HuBMAP-20-dataset_information.csv")
    assert sorted(info["image_file"]) == sorted(f"{i}.tiff" for i in full["id"]) and "id" not in info.columns
    expected = {f"{i}.tiff" for i in answers["id"]} | {f"{i}-anatomical-structure.json" for i in answers["id"]} | {"sample_submission.csv"}
    if test_polygons:
        expected |= {f"{i}.json" for i in answers["id"]}
    assert {p.name for p in (comp.public_dir / "test").iterdir()} == expected
    assert len(list((comp.public_dir / "train").iterdir())) == 3 * 12
    for i in answers["id"]:
        assert (comp.public_dir / "test" / f"{i}.tiff").read_bytes() == (raw / "train" / f"{i}.tiff").read_bytes()


def test_files_and_split_follow_v1(comp, prepared):
    check_files_and_split(comp, prepared.raw_root / CID, test_polygons=True)


def test_v1_leaks_the_test_polygons(comp):
    """Kept as v1 ships it (see known_issues); the -v2 folder leaves test/<id>.json out."""
    answers = pd.read_csv(comp.private_dir / "test.csv")
    polygons = json.loads((comp.public_dir / "test" / f"{answers['id'][0]}.json").read_text())
    assert polygons and polygons[0]["properties"]["classification"]["name"] == "glomerulus"


def check_hand_checked_score(comp) -> None:
    answers = pd.DataFrame({"id": ["a", "b", "c"], "encoding": ["1 4 10 2", "5 3", None],
                            "width_pixels": [4, 5, 4], "height_pixels": [4, 2, 4]})
    sub = pd.DataFrame({"id": ["c", "b", "a"], "predicted": [None, "1 2", "3 8"]})
    # a: |P|=8 (3-10), |T|=6 (1-4, 10-11), overlap 3,4,10 = 3 -> 6/14; b: no overlap -> 0; c: both empty -> 1
    assert comp.grader.grade(sub, answers).score == pytest.approx((6 / 14 + 0 + 1) / 3, abs=1e-5)
    for bad in (["", "1 2", "3 2 1 1"], ["", "1 2", "1 3 2 1"], ["", "1 11", "3 8"], ["", "1", "3 8"]):
        result = comp.grader.grade(sub.assign(predicted=bad), answers)
        assert result.score is None and result.invalid_reason
    assert comp.grader.grade(sub.iloc[:2], answers).score is None


def test_hand_checked_score(comp):
    check_hand_checked_score(comp)
