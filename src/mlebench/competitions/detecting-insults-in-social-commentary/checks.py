"""detecting-insults-in-social-commentary: v1's prepared layout and grading."""

import pandas as pd
import pytest

CID = "detecting-insults-in-social-commentary"


def test_files_and_columns_match_v1(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission_null.csv", "test.csv", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "test.csv"]
    assert (comp.public_dir / "train.csv").read_bytes() == (raw / "train.csv").read_bytes()
    assert (comp.private_dir / "test.csv").read_bytes() == (raw / "test_with_solutions.csv").read_bytes()
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission_null.csv")
    assert list(test.columns) == ["Date", "Comment"]
    assert list(answers.columns) == ["Insult", "Date", "Comment", "Usage"]
    assert list(gold.columns) == list(sample.columns) == ["Insult", "Date", "Comment"]
    assert test.equals(answers.drop(columns=["Insult", "Usage"]))
    assert (sample["Insult"] == 0).all() and list(sample["Comment"]) == list(test["Comment"])
    train = pd.read_csv(comp.public_dir / "train.csv")
    assert set(train["Comment"]).isdisjoint(test["Comment"])


def test_hand_checked_score_without_date_column(comp):
    answers = pd.DataFrame({"Insult": [0, 0, 1, 1], "Date": ["", "", "", ""], "Comment": ['"a"', '"b"', '"c"', '"d"']})
    # positives c=0.35, d=0.8 vs negatives a=0.1, b=0.4: 3 of 4 pairs ranked right
    sub = pd.DataFrame({"Comment": ['"d"', '"c"', '"b"', '"a"'], "Insult": [0.8, 0.35, 0.4, 0.1]})
    assert comp.grader(sub, answers) == pytest.approx(0.75)


def test_repeated_comment_text_gets_the_mean_prediction(comp):
    answers = pd.DataFrame({"Insult": [1, 0, 0, 1], "Date": ["x", "y", "z", "w"], "Comment": ['"a"', '"a"', '"b"', '"c"']})
    # both copies of "a" score (0.9 + 0.5) / 2 = 0.7, whatever their order; c=0.6, b=0.2
    # positives a=0.7, c=0.6 vs negatives a=0.7, b=0.2: pairs 0.5 + 1 + 0 + 1 = 2.5 of 4
    sub = pd.DataFrame({"Insult": [0.5, 0.2, 0.6, 0.9], "Date": ["", "", "", ""], "Comment": ['"a"', '"b"', '"c"', '"a"']})
    assert comp.grader(sub, answers) == pytest.approx(0.625)
    again = sub.assign(Insult=[0.9, 0.2, 0.6, 0.5])
    assert comp.grader(again, answers) == pytest.approx(0.625)
    once = comp.grader.grade(sub.iloc[1:], answers)
    assert once.score is None and "missing" in once.invalid_reason


def test_probabilities_outside_unit_interval_and_unknown_columns_are_invalid(comp):
    answers = pd.DataFrame({"Insult": [0, 1], "Date": ["", ""], "Comment": ['"a"', '"b"']})
    bad = comp.grader.grade(pd.DataFrame({"Insult": [0.2, 1.5], "Comment": ['"a"', '"b"']}), answers)
    assert bad.score is None and "[0, 1]" in bad.invalid_reason
    extra = comp.grader.grade(pd.DataFrame({"Insult": [0.2, 0.5], "Comment": ['"a"', '"b"'], "Usage": ["", ""]}), answers)
    assert extra.score is None and "Usage" in extra.invalid_reason
