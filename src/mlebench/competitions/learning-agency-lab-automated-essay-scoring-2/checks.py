"""learning-agency-lab-automated-essay-scoring-2: v1's prepared files, split and grading."""

import numpy as np
import pandas as pd
import pytest

CID = "learning-agency-lab-automated-essay-scoring-2"


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == ["essay_id", "full_text", "score"]
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == ["essay_id", "full_text"]
    assert list(pd.read_csv(comp.private_dir / "answers.csv").columns) == ["essay_id", "full_text", "score"]


def test_split_and_v1s_random_sample(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv", dtype={"essay_id": str})
    train = pd.read_csv(comp.public_dir / "train.csv", dtype={"essay_id": str})
    answers = pd.read_csv(comp.private_dir / "answers.csv", dtype={"essay_id": str})
    assert len(answers) == int(np.ceil(0.1 * len(raw)))
    assert len(train) + len(answers) == len(raw)
    assert set(train["essay_id"]).isdisjoint(answers["essay_id"])
    # essays and grades are carried over unchanged (texts with line breaks and quotes included)
    merged = answers.merge(raw, on="essay_id", suffixes=("", "_raw"))
    assert len(merged) == len(answers)
    assert (merged["full_text"] == merged["full_text_raw"]).all() and (merged["score"] == merged["score_raw"]).all()
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype={"essay_id": str})
    assert list(sample["essay_id"]) == list(answers["essay_id"])
    assert list(sample["score"]) == list(np.random.RandomState(42).randint(1, 7, size=len(answers)))


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"essay_id": ["a", "b", "c", "d"], "full_text": "x", "score": [1, 2, 3, 3]})
    sub = pd.DataFrame({"essay_id": ["d", "c", "b", "a"], "score": [2, 3, 3, 1]})
    # grades 1,2,3: O = [[1,0,0],[0,0,1],[0,1,1]], w = (i-j)^2: sum wO = 2; row/col sums [1,1,2]
    # -> E = r c^T / 4, sum wE = 5.5 -> 1 - 2/5.5 = 7/11
    assert comp.grader.grade(sub, answers).score == pytest.approx(7 / 11, abs=1e-5)


@pytest.mark.parametrize("bad", [3.5, 0, 7])
def test_scores_outside_the_grades_are_invalid(comp, bad):
    answers = pd.DataFrame({"essay_id": ["a", "b"], "full_text": "x", "score": [1, 4]})
    result = comp.grader.grade(pd.DataFrame({"essay_id": ["a", "b"], "score": [1, bad]}), answers)
    assert result.score is None and "1-6" in result.invalid_reason
