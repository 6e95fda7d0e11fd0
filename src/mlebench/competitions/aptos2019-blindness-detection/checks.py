"""aptos2019-blindness-detection: v1's prepared files, split and grading."""

import math

import numpy as np
import pandas as pd
import pytest

CID = "aptos2019-blindness-detection"


def _stems(folder):
    return sorted(p.stem for p in folder.glob("*.png"))


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "test_images", "train.csv", "train_images",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == ["id_code", "diagnosis"]
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == ["id_code"]  # no label is public
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == ["id_code", "diagnosis"]
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id_code", "diagnosis"] and (sample["diagnosis"] == 0).all()


def test_split_and_images(comp, prepared):
    old = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.private_dir / "test.csv")
    assert len(test) == math.ceil(0.1 * len(old)) and len(train) + len(test) == len(old)
    assert set(train["id_code"]).isdisjoint(test["id_code"])
    assert list(pd.read_csv(comp.public_dir / "test.csv")["id_code"]) == list(test["id_code"])
    assert test.merge(old, on="id_code", suffixes=("", "_old")).eval("diagnosis == diagnosis_old").all()
    assert _stems(comp.public_dir / "train_images") == sorted(train["id_code"])
    assert _stems(comp.public_dir / "test_images") == sorted(test["id_code"])


def _kappa_by_hand(y_true, y_pred, k=5):
    observed = np.zeros((k, k))
    for t, p in zip(y_true, y_pred):
        observed[t, p] += 1
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    w = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)])
    return 1 - (w * observed).sum() / (w * expected).sum()


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id_code": ["a1", "b2", "c3", "d4"], "diagnosis": [0, 2, 4, 1]})
    sub = pd.DataFrame({"id_code": ["d4", "c3", "b2", "a1"], "diagnosis": [1, 3, 2, 0]})
    # aligned by id: true [0, 2, 4, 1] vs predicted [0, 2, 3, 1]
    expected = _kappa_by_hand([0, 2, 4, 1], [0, 2, 3, 1])
    assert expected == pytest.approx(1 - 1 / 14)  # weighted disagreement 1 against 56/4 by chance
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)
    # whole numbers written as floats are the same grades
    assert comp.grader.grade(sub.assign(diagnosis=[1.0, 3.0, 2.0, 0.0]), answers).score == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("bad", [2.5, 5, -1])
def test_non_grades_are_invalid(comp, bad):
    answers = pd.DataFrame({"id_code": ["a1", "b2"], "diagnosis": [0, 2]})
    result = comp.grader.grade(pd.DataFrame({"id_code": ["a1", "b2"], "diagnosis": [0, bad]}), answers)
    assert result.score is None and "0-4" in result.invalid_reason
