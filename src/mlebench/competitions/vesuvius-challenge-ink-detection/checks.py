"""vesuvius-challenge-ink-detection: v1's files (fragment 3 as test 'a'), row-major RLE, F0.5."""

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from mlebench.registry import load_competition_module


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / comp.id
    assert sorted(p.name for p in comp.public_dir.iterdir()) == ["description.md", "sample_submission.csv", "test", "train"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "inklabels_rle.csv"]
    assert sorted(p.name for p in (comp.public_dir / "train").iterdir()) == ["1", "2"]
    assert sorted(p.name for p in (comp.public_dir / "test").iterdir()) == ["a"]
    for fragment in ("1", "2"):
        ours = sorted(str(p.relative_to(comp.public_dir / "train" / fragment)) for p in (comp.public_dir / "train" / fragment).rglob("*"))
        theirs = sorted(str(p.relative_to(raw / "train" / fragment)) for p in (raw / "train" / fragment).rglob("*"))
        assert ours == theirs
    test = comp.public_dir / "test" / "a"
    assert sorted(p.name for p in test.iterdir()) == ["mask.png", "surface_volume"]
    assert len(list((test / "surface_volume").glob("*.tif"))) == 65
    assert (test / "surface_volume" / "07.tif").read_bytes() == (raw / "train" / "3" / "surface_volume" / "07.tif").read_bytes()
    answers = pd.read_csv(comp.private_dir / "inklabels_rle.csv")
    assert list(answers.columns) == ["Id", "Predicted", "width", "height"]
    assert answers[["Id", "width", "height"]].values.tolist() == [["a", 13, 11]]
    raw_labels = pd.read_csv(raw / "train" / "3" / "inklabels_rle.csv")
    assert answers["Predicted"][0] == raw_labels["Predicted"][0]
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    assert gold.values.tolist() == answers[["Id", "Predicted"]].values.tolist()
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert sample.values.tolist() == [["a", "1 1 5 1"]]


def test_answers_decode_row_major_like_inklabels_png(comp, prepared):
    grade = load_competition_module(comp.folder, "grade")
    answers = pd.read_csv(comp.private_dir / "inklabels_rle.csv")
    png = np.asarray(Image.open(prepared.raw_root / comp.id / "train" / "3" / "inklabels.png")) > 0
    assert np.array_equal(grade.decode(answers["Predicted"][0], 11 * 13, "a").reshape(11, 13), png)


def _answers():
    # fragment x: 2 rows x 3 columns, ink at (1,1), (1,2), (2,3) -> pixels 1, 2, 6
    # fragment y: 2 x 2, ink at pixel 4
    return pd.DataFrame({"Id": ["x", "y"], "Predicted": ["1 2 6 1", "4 1"], "width": [3, 2], "height": [2, 2]})


def test_hand_checked_f05(comp):
    # x: predicted 2, 3, 4, 5, 6 -> tp 2 (2, 6), fp 3, fn 1: F0.5 = 1.25*2 / (1.25*2 + 0.25*1 + 3) = 2.5/5.75
    # y: predicted 4 -> 1.0
    sub = pd.DataFrame({"Id": ["y", "x"], "Predicted": ["4 1", "2 5"]})
    assert comp.grader.grade(sub, _answers()).score == pytest.approx((2.5 / 5.75 + 1) / 2, abs=1e-5)
    # row-major, not column-major: pixel 2 is (row 1, column 2); a column-major reading would
    # make "1 2" cover (1,1), (2,1) and lose the true (1,2)
    exact = pd.DataFrame({"Id": ["x", "y"], "Predicted": ["1 2 6 1", "4 1"]})
    assert comp.grader.grade(exact, _answers()).score == pytest.approx(1.0)
    # a blank cell is an empty mask: no true positive -> 0 for that fragment
    blank = pd.DataFrame({"Id": ["x", "y"], "Predicted": [None, "4 1"]})
    assert comp.grader.grade(blank, _answers()).score == pytest.approx(0.5)


@pytest.mark.parametrize("rle, words", [
    ("1 2 2 2", "overlap"), ("3 1 1 1", "sorted"), ("0 3", "positive"), ("3 0", "positive"),
    ("1 2 3", "pairs"), ("1 x", "integers"), ("5 3", "outside"),
])
def test_malformed_masks_are_invalid(comp, rle, words):
    sub = pd.DataFrame({"Id": ["x", "y"], "Predicted": [rle, "4 1"]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and words in result.invalid_reason and "'x'" in result.invalid_reason
