"""chaii-hindi-and-tamil-question-answering: v1's files and split, word-level Jaccard."""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "chaii-hindi-and-tamil-question-answering"


def test_prepared_files_and_split_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv", dtype=str)
    train, test = train_test_split(raw, test_size=0.1, random_state=0)
    assert pd.read_csv(comp.public_dir / "train.csv", dtype=str).equals(train.reset_index(drop=True))
    public_test = pd.read_csv(comp.public_dir / "test.csv", dtype=str)
    assert public_test.equals(test.drop(columns=["answer_start", "answer_text"]).reset_index(drop=True))
    answers = pd.read_csv(comp.private_dir / "test.csv", dtype=str)
    assert list(answers.columns) == ["id", "PredictionString"] and len(answers) == int(np.ceil(0.1 * len(raw)))
    assert list(answers["PredictionString"]) == list(test["answer_text"])
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype=str)
    assert list(sample["id"]) == list(answers["id"]) and (sample["PredictionString"] == "dummy text").all()


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["a1", "b2", "c3"], "PredictionString": ["नई दिल्ली", "காவிரி ஆறு", "1947"]})
    sub = pd.DataFrame({"id": ["c3", "a1", "b2"], "PredictionString": [None, "नई दिल्ली है", "காவிரி ஆறு"]})
    # a1: 2 of 3 words -> 2/3; b2: exact -> 1; c3 blank -> 0
    assert comp.grader.grade(sub, answers).score == pytest.approx((2 / 3 + 1 + 0) / 3, abs=1e-5)
    result = comp.grader.grade(sub.assign(extra=1), answers)
    assert result.score is None and "extra" in result.invalid_reason
