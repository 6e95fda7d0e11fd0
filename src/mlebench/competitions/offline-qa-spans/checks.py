"""offline-qa-spans' own checks: the split, answers that are spans of their passages, the ceiling
from the generator's true spans, and a test set large enough to tell gold from bronze."""

import pandas as pd
import pytest

from mlebench.offline import quality


def _read(path):
    return pd.read_csv(path, dtype={"id": str}, keep_default_na=False)


def test_a_quarter_of_the_questions_are_the_test_set(comp):
    train, test, answers = (_read(p) for p in (comp.public_dir / "train.csv", comp.public_dir / "test.csv", comp.answers))
    assert (len(train), len(test), len(answers)) == (6000, 2000, 2000)
    assert list(test.columns) == ["id", "context", "question", "language"]
    assert list(answers.columns) == ["id", "PredictionString"] and list(answers["id"]) == list(test["id"])
    assert set(train["id"]).isdisjoint(test["id"])


def test_every_answer_is_a_span_of_its_passage(comp):
    train = _read(comp.public_dir / "train.csv")
    starts, ends = train["answer_start"], train["answer_start"] + train["answer_text"].str.len()
    assert all(c[a:b] == t for c, a, b, t in zip(train["context"], starts, ends, train["answer_text"]))
    test = _read(comp.public_dir / "test.csv").merge(_read(comp.answers), on="id")
    assert all(t in c for c, t in zip(test["context"], test["PredictionString"]))


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c"], "PredictionString": ["Port Velin", "1842", "golden harp"]})
    sub = pd.DataFrame({"id": ["c", "b", "a"], "PredictionString": ["", "in 1842", "port velin"]})
    # a: same words, case ignored -> 1; b: {1842} vs {in, 1842} -> 1/2; c: blank -> 0
    assert comp.grader.grade(sub, answers).score == pytest.approx(1.5 / 3, abs=1e-5)


def test_the_ceiling_is_the_true_span_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
