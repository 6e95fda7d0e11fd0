"""jigsaw-unintended-bias-in-toxicity-classification: v1's prepared files and v1's (thresholded) score."""

import filecmp

import numpy as np
import pandas as pd
import pytest

CID = "jigsaw-unintended-bias-in-toxicity-classification"
IDENTITIES = [
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
]


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / comp.id  # version 2 reuses this check
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    # Kaggle's train set and released private test labels are copied byte for byte
    assert filecmp.cmp(raw / "train.csv", comp.public_dir / "train.csv", shallow=False)
    assert filecmp.cmp(raw / "test_private_expanded.csv", comp.private_dir / "test.csv", shallow=False)
    answers = pd.read_csv(comp.private_dir / "test.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(test.columns) == ["id", "comment_text"] and list(test["id"]) == list(answers["id"])
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id", "prediction"] and (sample["prediction"] == 0.0).all()
    # Kaggle's public test comments are not the test set here
    assert set(pd.read_csv(raw / "test.csv")["id"]).isdisjoint(test["id"])


def _answers(tox, groups):
    """Answer rows: toxicity and, per identity, a rater share (the nine scored identities)."""
    df = pd.DataFrame({"id": np.arange(len(tox)) + 7097320, "toxicity": tox})
    for j, c in enumerate(IDENTITIES):
        df[c] = groups[j % len(groups)]
    return df


def test_hand_checked_score_binarizes_predictions_as_v1(comp):
    # one pattern of identity membership for all nine identities: rows 1 and 2 mention it
    answers = _answers([0.8, 0.1, 0.6, 0.0], [[1.0, 0.75, 0.0, np.nan]])
    # rows 1-4 predicted .9 .2 .3 .4, submitted in reverse order
    sub = pd.DataFrame({"id": answers["id"].to_numpy()[::-1], "prediction": [0.4, 0.3, 0.2, 0.9]})
    # predictions >= .5 -> [1, 0, 0, 0] (v1); toxic = rows 1, 3; group = rows 1, 2.
    # overall: pos {1, 0} vs neg {0, 0}: (2 + 2 * 0.5) / 4 = .75; subgroup {r1 1, r2 0}: 1;
    # BPSN {r2 0 vs r3 0}: .5; BNSP {r1 1 vs r4 0}: 1; identical over identities -> power mean = value
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.25 * (0.75 + 1 + 0.5 + 1), abs=1e-5)


def test_text_predictions_are_invalid(comp):
    answers = _answers([0.8, 0.1, 0.6, 0.0], [[1.0, 0.75, 0.0, 0.0]])
    sub = pd.DataFrame({"id": answers["id"], "prediction": ["toxic", 0.1, 0.2, 0.3]})
    result = comp.grader.grade(sub, answers)
    assert result.score is None and "prediction" in result.invalid_reason
