"""uw-madison-gi-tract-image-segmentation: v1's case/day split, files and grading."""

import math

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "uw-madison-gi-tract-image-segmentation"


def test_files_and_split_follow_v1(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "test.csv", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    full = pd.read_csv(raw / "train.csv")
    cases = list(dict.fromkeys(i.split("_")[0] for i in full["id"]))
    _, test_cases = train_test_split(cases, test_size=0.1, random_state=42)
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == ["id", "class", "predicted", "image_width", "image_height"]
    test_days = {i.split("_slice_")[0] for i in answers["id"]}
    # the test case, plus days 11 and 15 of case2 (its fifth and sixth days)
    assert test_days == {f"{c}_{d}" for c in test_cases for d in {i.split("_")[1] for i in full["id"] if i.startswith(c + "_")}} | {
        "case2_day11", "case2_day15"}
    assert list(answers["id"]) == [i for i in full["id"] if i.split("_slice_")[0] in test_days]
    assert answers["predicted"].fillna("").tolist() == full[full["id"].isin(answers["id"])]["segmentation"].fillna("").tolist()
    assert "8.0,8.0" in (comp.private_dir / "test.csv").read_text()  # v1 writes the sizes as floats
    case9 = answers[answers["id"].str.startswith("case9_")]
    assert (case9["image_width"] == 10).all() and (case9["image_height"] == 8).all()
    public_test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(public_test.columns) == ["id", "class"] and public_test.equals(answers[["id", "class"]])
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id", "class", "predicted"] and (sample["predicted"] == "1 1 5 2").all()
    train = pd.read_csv(comp.public_dir / "train.csv")
    assert list(train.columns) == ["id", "class", "segmentation"] and len(train) + len(answers) == len(full)
    on_disk = {p.name: side for side in ("train", "test") for p in (comp.public_dir / side).glob("*/*")}
    assert {k for k, v in on_disk.items() if v == "test"} == test_days
    assert {k for k, v in on_disk.items() if v == "train"} == {i.split("_slice_")[0] for i in train["id"]}
    scan = sorted((comp.public_dir / "test" / "case9" / "case9_day6" / "scans").iterdir())[0]
    assert scan.name.startswith("slice_0001_10_8_") and scan.read_bytes() == (
        raw / "train" / "case9" / "case9_day6" / "scans" / scan.name).read_bytes()


def _answers(height, width):
    ids = ["case1_day1_slice_0001"] * 2 + ["case1_day1_slice_0002"] * 2
    return pd.DataFrame({"id": ids, "class": ["large_bowel", "stomach"] * 2, "predicted": ["1 2", None, None, None],
                         "image_width": float(width), "image_height": float(height)})


def test_hand_checked_score(comp):
    answers = _answers(4, 4)
    sub = answers[["id", "class", "predicted"]].assign(predicted=["1 1", "", None, ""]).iloc[::-1]
    # Dice 2/3 on the one non-empty row; volume (2, 4, 4): true voxels (0,0,0), (0,1,0), predicted (0,0,0)
    # -> Hausdorff 0.25 / sqrt(3)
    expected = 0.4 * 2 / 3 + 0.6 * (1 - 0.25 / math.sqrt(3))
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)


def test_masks_are_column_major_on_height_by_width(comp):
    answers = _answers(2, 4).iloc[:1].assign(predicted="2 1")  # pixel 1: row 1, column 0
    sub = answers[["id", "class", "predicted"]].assign(predicted="3 1")  # pixel 2: row 0, column 1
    # coordinates / (1, 2, 4): (0, .5, 0) and (0, 0, .25); Dice 0
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.6 * (1 - math.sqrt(0.3125) / math.sqrt(3)), abs=1e-5)


def test_malformed_masks_and_rows_are_invalid(comp):
    answers = _answers(4, 4)
    sub = answers[["id", "class", "predicted"]]
    for bad in (["1 3 2 1", "", "", ""], ["3 1 1 1", "", "", ""], ["1 17", "", "", ""], ["1", "", "", ""], ["a b", "", "", ""]):
        result = comp.grader.grade(sub.assign(predicted=bad), answers)
        assert result.score is None and result.invalid_reason
    assert comp.grader.grade(sub.iloc[:3], answers).score is None  # v1 accepted a missing row
    assert comp.grader.grade(sub.assign(**{"class": ["large_bowel", "small_bowel"] * 2}), answers).score is None


def test_surface_hausdorff_equals_the_all_voxel_one(comp):
    """The k-d tree over b's surface gives scipy's directed_hausdorff over all voxels (v1's way)."""
    import numpy as np
    from scipy.spatial.distance import directed_hausdorff

    from mlebench.registry import load_competition_module

    grade = load_competition_module(comp.folder, "grade")
    rng = np.random.default_rng(5)
    for _ in range(30):
        shape = tuple(int(x) for x in rng.integers(2, 9, size=3))
        a, b = rng.random(shape) < rng.uniform(0.05, 0.6), rng.random(shape) < rng.uniform(0.05, 0.6)
        b[0, 0, 0] = a[-1, -1, -1] = True  # neither empty
        scale = np.asarray(shape, dtype=float)
        for x, y in ((a, b), (b, a)):
            expected = directed_hausdorff(np.argwhere(x) / scale, np.argwhere(y) / scale)[0]
            assert grade._directed(x, y, scale) == pytest.approx(expected, abs=1e-12)
