"""jigsaw-toxic-comment-classification-challenge: v1's prepared layout and grading."""

import zipfile

import pandas as pd
import pytest

CID = "jigsaw-toxic-comment-classification-challenge"
CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def _raw(prepared, name):
    with zipfile.ZipFile(prepared.raw_root / CID / f"{name}.zip") as zf, zf.open(name) as f:
        return pd.read_csv(f)


def test_files_and_columns_match_v1(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == ["id", "comment_text", *CLASSES]
    assert list(test.columns) == ["id", "comment_text"]
    assert list(answers.columns) == list(sample.columns) == ["id", *CLASSES]
    assert (sample[CLASSES] == 0.5).all().all()
    assert train.equals(_raw(prepared, "train.csv")) and test.equals(_raw(prepared, "test.csv"))
    assert answers.equals(_raw(prepared, "test_labels.csv"))
    assert set(train["id"]).isdisjoint(test["id"])
    unscored = (answers[CLASSES] == -1).all(axis=1)
    assert unscored.any() and ((answers.loc[~unscored, CLASSES] >= 0).all().all())


def test_hand_checked_score_ignores_unscored_rows_and_column_order(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c", "d", "e"]})
    for c in CLASSES:
        answers[c] = [0, 0, 1, 1, -1]
    answers["threat"] = [0, 1, 0, 1, -1]
    sub = pd.DataFrame({"id": ["e", "d", "c", "b", "a"]})
    for c in reversed(CLASSES):  # columns in another order than the answers
        sub[c] = [0.99, 0.8, 0.35, 0.4, 0.1]
    # five classes: positives c=0.35, d=0.8 vs negatives a=0.1, b=0.4 -> 3/4;
    # threat: positives b=0.4, d=0.8 vs negatives a=0.1, c=0.35 -> 4/4; row e is not scored
    expected = (5 * 0.75 + 1.0) / 6
    assert comp.grader(sub, answers) == pytest.approx(round(expected, 5))
    sub.loc[0, CLASSES] = 0.0
    assert comp.grader(sub, answers) == pytest.approx(round(expected, 5))
    missing_unscored = comp.grader.grade(sub.iloc[1:], answers)
    assert missing_unscored.score is None and "missing" in missing_unscored.invalid_reason
