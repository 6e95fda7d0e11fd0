"""tabular-playground-series-dec-2021: v1's prepared layout and grading."""

import pandas as pd
import pytest

CID = "tabular-playground-series-dec-2021"


def test_files_and_columns_match_v1(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(answers.columns) == list(raw.columns)
    assert list(test.columns) == [c for c in raw.columns if c != "Cover_Type"]
    assert list(sample.columns) == ["Id", "Cover_Type"] and (sample["Cover_Type"] == 2).all()
    assert list(sample["Id"]) == list(test["Id"]) == list(answers["Id"])


def test_split_is_ten_percent_of_labelled_rows_with_ids_kept(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv").set_index("Id")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == len(raw) // 10 and len(train) + len(answers) == len(raw)
    assert set(train["Id"]).isdisjoint(answers["Id"])
    assert (raw.loc[answers["Id"], "Cover_Type"].to_numpy() == answers["Cover_Type"].to_numpy()).all()


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": [5, 6, 7, 8], "Cover_Type": [1, 2, 3, 7]})
    # 3 of 4 right; order shuffled; a class written as 2.0 counts
    sub = pd.DataFrame({"Id": [8, 7, 6, 5], "Cover_Type": [7.0, 1.0, 2.0, 1.0]})
    assert comp.grader(sub, answers) == pytest.approx(0.75)
