"""lmsys-chatbot-arena: v1's prepared files, split and grading."""

import math

import numpy as np
import pandas as pd
import pytest

CID = "lmsys-chatbot-arena"
CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]
TRAIN_COLUMNS = ["id", "model_a", "model_b", "prompt", "response_a", "response_b", *CLASSES]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == TRAIN_COLUMNS
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == ["id", "prompt", "response_a", "response_b"]
    assert list(pd.read_csv(comp.private_dir / "answers.csv").columns) == TRAIN_COLUMNS
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id", *CLASSES] and np.allclose(sample[CLASSES], 1 / 3)


def test_split_is_a_tenth_of_kaggles_train(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert len(answers) == int(np.ceil(0.1 * len(raw))) and len(train) + len(answers) == len(raw)
    assert set(train["id"]).isdisjoint(answers["id"])
    merged = answers.merge(raw, on="id", suffixes=("", "_raw"))
    assert len(merged) == len(answers)
    for c in [*CLASSES, "response_a"]:
        assert merged[c].fillna("").equals(merged[c + "_raw"].fillna(""))
    test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(test["id"]) == list(answers["id"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [10, 20], "winner_model_a": [1, 0], "winner_model_b": [0, 0], "winner_tie": [0, 1]})
    sub = pd.DataFrame({"id": [20, 10], "winner_model_a": [0.25, 0.5], "winner_model_b": [0.25, 0.3], "winner_tie": [0.5, 0.2]})
    # -(ln 0.5 + ln 0.5) / 2 = ln 2
    assert comp.grader.grade(sub, answers).score == pytest.approx(math.log(2), abs=1e-5)


def test_rows_must_be_distributions(comp):
    answers = pd.DataFrame({"id": [10, 20], "winner_model_a": [1, 0], "winner_model_b": [0, 0], "winner_tie": [0, 1]})
    sub = pd.DataFrame({"id": [10, 20], "winner_model_a": [0.5, 0.5], "winner_model_b": [0.5, 0.5], "winner_tie": [0.5, 0.0]})
    result = comp.grader.grade(sub, answers)
    assert result.score is None and "sum" in result.invalid_reason
