"""tweet-sentiment-extraction: v1's prepared files, split and grading."""

import numpy as np
import pandas as pd
import pytest

CID = "tweet-sentiment-extraction"


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == ["textID", "text", "selected_text", "sentiment"]
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == ["textID", "text", "sentiment"]
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == ["textID", "text", "selected_text", "sentiment"]
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", keep_default_na=False)
    assert list(sample.columns) == ["textID", "selected_text"] and (sample["selected_text"] == "").all()


def test_split_is_a_tenth_of_kaggles_train(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.private_dir / "test.csv")
    assert len(test) == int(np.ceil(0.1 * len(raw)))
    assert len(train) + len(test) == len(raw)
    assert set(train["textID"]).isdisjoint(test["textID"])
    merged = test.merge(raw, on="textID", suffixes=("", "_raw"))
    assert len(merged) == len(test)
    assert merged["selected_text"].fillna("").eq(merged["selected_text_raw"].fillna("")).all()
    assert list(pd.read_csv(comp.public_dir / "test.csv")["textID"]) == list(test["textID"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"textID": ["a", "b", "c", "d"], "selected_text": ["so happy today", "bad", "fun", np.nan]})
    sub = pd.DataFrame({"textID": ["d", "c", "b", "a"], "selected_text": [np.nan, "FUN fun", np.nan, "Happy today!"]})
    # a: {so,happy,today} vs {happy,today!} -> 1/4; b: blank -> 0; c: {fun} vs {fun} -> 1;
    # d: both blank -> 1 (v1 divided by zero) -> (0.25 + 0 + 1 + 1) / 4
    assert comp.grader.grade(sub, answers).score == pytest.approx(2.25 / 4, abs=1e-5)


def test_numbers_are_compared_as_text(comp):
    answers = pd.DataFrame({"textID": ["a", "b"], "selected_text": ["10", "ok"]})
    sub = pd.DataFrame({"textID": ["a", "b"], "selected_text": [10, "ok"]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(1.0)
