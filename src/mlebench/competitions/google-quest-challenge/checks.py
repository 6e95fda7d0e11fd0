"""google-quest-challenge: v1's prepared files, split (with its spelling-row swap) and grading."""

import numpy as np
import pandas as pd
import pytest

CID = "google-quest-challenge"
FEATURES = [
    "qa_id", "question_title", "question_body", "question_user_name", "question_user_page", "answer",
    "answer_user_name", "answer_user_page", "url", "category", "host",
]


def _targets(comp):
    return list(comp.config.extra["submission"]["target_columns"])


def test_prepared_files_are_v1s(comp):
    classes = _targets(comp)
    assert len(classes) == 30 == len(set(classes))
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == FEATURES + classes
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == FEATURES
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == ["qa_id"] + classes
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["qa_id"] + classes
    for c in classes:
        assert np.allclose(sample[c], np.linspace(0, 1, len(sample)))


def test_split_swaps_a_spelling_row_into_the_test_set(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == int(np.ceil(0.1 * len(raw))) and len(train) + len(answers) == len(raw)
    assert set(train["qa_id"]) | set(answers["qa_id"]) == set(raw["qa_id"])
    # the fixture's test split has only zeros there; the first train row with a spelling label came in
    assert answers["question_type_spelling"].nunique() > 1
    swapped_in = answers["qa_id"].iloc[0]
    assert raw.set_index("qa_id").loc[swapped_in, "question_type_spelling"] != 0
    # whole rows moved: every answer row equals its raw row
    merged = answers.merge(raw, on="qa_id", suffixes=("", "_raw"))
    for c in _targets(comp):
        assert np.allclose(merged[c], merged[c + "_raw"])
    assert list(pd.read_csv(comp.public_dir / "test.csv")["qa_id"]) == list(answers["qa_id"])


def test_hand_checked_score(comp):
    classes = _targets(comp)
    answers = pd.DataFrame({"qa_id": [1, 2, 3, 4]})
    sub = pd.DataFrame({"qa_id": [4, 3, 2, 1]})
    for j, c in enumerate(classes):
        answers[c] = [0.0, 1 / 3, 2 / 3, 1.0]
        # first column: prediction ranks [1,2,4,3] -> rho 0.8; second constant -> 0; others perfect
        sub[c] = {0: [0.3, 0.4, 0.2, 0.1], 1: [0.5] * 4}.get(j, [1.0, 0.7, 0.3, 0.1])
    assert comp.grader.grade(sub, answers).score == pytest.approx((0.8 + 0 + 28) / 30, abs=1e-5)


def test_ids_are_checked_not_paired_by_position(comp):
    classes = _targets(comp)
    answers = pd.DataFrame({"qa_id": [1, 2, 3]} | {c: [0.0, 0.5, 1.0] for c in classes})
    wrong = answers.assign(qa_id=[1, 2, 99])
    result = comp.grader.grade(wrong, answers)
    assert result.score is None and "99" in result.invalid_reason
