"""us-patent-phrase-to-phrase-matching: v1's prepared files, split and grading."""

import pandas as pd
import pytest

CID = "us-patent-phrase-to-phrase-matching"
COLUMNS = ["id", "anchor", "target", "context", "score"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == COLUMNS
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == COLUMNS[:-1]
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == COLUMNS
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id", "score"] and (sample["score"] == 0).all()


def test_split_is_a_tenth_of_kaggles_train(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.private_dir / "test.csv")
    assert len(test) == int(-(-0.1 * len(raw) // 1))  # sklearn rounds the test share up
    assert len(train) + len(test) == len(raw)
    assert set(train["id"]).isdisjoint(test["id"])
    merged = test.merge(raw, on="id", suffixes=("", "_raw"))
    assert len(merged) == len(test) and (merged["score"] == merged["score_raw"]).all()
    public_test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(public_test["id"]) == list(test["id"])
    # Kaggle's unlabelled test pairs are not used
    assert set(pd.read_csv(prepared.raw_root / CID / "test.csv")["id"]).isdisjoint(public_test["id"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c"], "score": [0.0, 0.5, 1.0]})
    sub = pd.DataFrame({"id": ["c", "b", "a"], "score": [0.9, 0.3, 0.3]})
    # t - mean = [-.5, 0, .5]; p = [.3, .3, .9] - .5 = [-.2, -.2, .4]: cov .3, |t| sqrt(.5), |p| sqrt(.24)
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.3 / (0.5**0.5 * 0.24**0.5), abs=1e-5)


def test_constant_predictions_score_zero_not_nan(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c"], "score": [0.0, 0.5, 1.0]})
    result = comp.grader.grade(answers.assign(score=0.25), answers)
    assert result.score == 0.0


def test_text_predictions_are_invalid(comp):
    answers = pd.DataFrame({"id": ["a", "b"], "score": [0.0, 1.0]})
    result = comp.grader.grade(pd.DataFrame({"id": ["a", "b"], "score": ["high", 0.2]}), answers)
    assert result.score is None and "score" in result.invalid_reason
