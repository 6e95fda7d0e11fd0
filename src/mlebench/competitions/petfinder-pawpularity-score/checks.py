"""petfinder-pawpularity-score: v1's 90/10 split, files and [1, 100] rule."""

import numpy as np
import pandas as pd
import pytest

CID = "petfinder-pawpularity-score"


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "test.csv", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert len(answers) == 4 and len(train) == 36
    assert list(train.columns) == list(answers.columns) == list(raw.columns)
    assert list(test.columns) == list(raw.columns)[:-1]
    assert test.equals(answers.drop(columns=["Pawpularity"]))
    assert list(sample["Id"]) == list(answers["Id"])
    assert np.allclose(sample["Pawpularity"], np.random.default_rng(0).uniform(1, 100, 4).round(2))
    assert sorted(p.stem for p in (comp.public_dir / "test").iterdir()) == sorted(answers["Id"])


def test_hand_checked_score_and_range(comp):
    answers = pd.DataFrame({"Id": ["a", "b", "c", "d"], "Pawpularity": [10, 20, 30, 40]})
    sub = pd.DataFrame({"Id": ["d", "c", "b", "a"], "Pawpularity": [40.0, 30.0, 24.0, 13.0]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(np.sqrt((16 + 9) / 4))
    for bad in (0.5, 100.01, float("inf")):
        result = comp.grader.grade(sub.assign(Pawpularity=[40.0, 30.0, 24.0, bad]), answers)
        assert result.score is None and "Pawpularity" in result.invalid_reason
    assert comp.grader.grade(sub.assign(Pawpularity=[1.0, 100.0, 50, 50]), answers).score is not None
