"""playground-series-s3e18: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import pandas as pd
import pytest

CID = "playground-series-s3e18"
TARGETS = ["EC1", "EC2", "EC3", "EC4", "EC5", "EC6"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert train.shape[1] == answers.shape[1] == 38 and list(train.columns[-6:]) == TARGETS
    assert test.shape[1] == 32 and list(test.columns) == list(train.columns[:32]) and test.columns[0] == "id"
    assert list(sample.columns) == ["id", "EC1", "EC2"] and (sample[["EC1", "EC2"]] == 0.5).all().all()
    assert list(sample["id"]) == list(test["id"]) == list(answers["id"])


def test_split_is_a_tenth_and_rows_are_copied_unchanged(comp, prepared):
    raw = (prepared.raw_root / CID / "train.csv").read_text().splitlines()
    train = (comp.public_dir / "train.csv").read_text().splitlines()
    answers = (comp.private_dir / "test.csv").read_text().splitlines()
    assert len(answers) - 1 == round(0.1 * (len(raw) - 1))
    assert sorted(train[1:] + answers[1:]) == sorted(raw[1:])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [1, 2, 3, 4], "EC1": [1, 1, 0, 0], "EC2": [1, 0, 1, 0], "EC3": [0, 0, 0, 1]})
    sub = pd.DataFrame({"id": [4, 3, 2, 1], "EC1": [0.1, 0.3, 0.2, 0.9], "EC2": [0.5, 0.8, 0.1, 0.6]})
    # EC1: pairs (1,3) (1,4) (2,4) right, (2,3) wrong -> 3/4.  EC2 positives 1 (0.6), 3 (0.8);
    # negatives 2 (0.1), 4 (0.5): all four pairs right -> 1.  Mean 0.875.
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.875)
    # v1 ignores columns other than id, EC1 and EC2
    assert comp.grader.grade(sub.assign(EC3=0.3, EC4=0.1), answers).score == pytest.approx(0.875)


def test_non_numeric_predictions_are_invalid(comp):
    answers = pd.DataFrame({"id": [1, 2], "EC1": [1, 0], "EC2": [0, 1]})
    result = comp.grader.grade(pd.DataFrame({"id": [1, 2], "EC1": ["high", "low"], "EC2": [0.1, 0.2]}), answers)
    assert result.score is None and "numeric" in result.invalid_reason
