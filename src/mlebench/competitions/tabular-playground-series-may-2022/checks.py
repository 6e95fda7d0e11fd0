"""tabular-playground-series-may-2022: v1's prepared layout and grading."""

import pandas as pd
import pytest

from mlebench.registry import resolve_fn, registry

CID = "tabular-playground-series-may-2022"
FEATURES = [f"f_{i:02d}" for i in range(31)]


def test_files_and_columns_match_v1(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(answers.columns) == ["id", *FEATURES, "target"]
    assert list(test.columns) == ["id", *FEATURES]
    assert list(gold.columns) == list(sample.columns) == ["id", "target"]
    assert (sample["target"] == 0.5).all()
    assert list(sample["id"]) == list(test["id"]) == list(answers["id"]) == list(gold["id"])
    assert (gold["target"] == answers["target"]).all()
    assert "target" not in test.columns


def test_ids_renumbered_and_split_matches_v1(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(train) + len(answers) == len(raw) and len(answers) == len(raw) // 10
    assert list(train["id"]) == list(range(len(train)))
    assert list(answers["id"]) == list(range(len(train), len(raw)))
    # every test row is a raw row (features and label carried over unchanged, only the id renamed)
    key = ["f_00", "f_01", "f_27"]
    merged = answers.merge(raw, on=key, suffixes=("", "_raw"))
    assert len(merged) == len(answers) and (merged["target"] == merged["target_raw"]).all()


def test_real_data_gets_v1_test_size():
    test_size_for = resolve_fn(registry.get_competition(CID).folder, "prepare.py:test_size_for", CID)
    assert test_size_for(900_000) == 100_000
    assert test_size_for(400) == 0.1


def test_no_label_in_public_test(comp):
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    joined = test.merge(answers[["id", "target"]], on="id")
    for col in FEATURES:
        if test[col].dtype != object:
            assert (joined[col] == joined["target"]).mean() < 0.95, col


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [10, 11, 12, 13], "target": [0, 0, 1, 1]})
    # positives 0.35, 0.8 vs negatives 0.1, 0.4: 3 of 4 pairs ranked right
    sub = pd.DataFrame({"id": [13, 12, 11, 10], "target": [0.8, 0.35, 0.4, 0.1]})
    assert comp.grader(sub, answers) == pytest.approx(0.75)


def test_scores_outside_unit_interval_are_invalid(comp):
    answers = pd.DataFrame({"id": [1, 2], "target": [0, 1]})
    result = comp.grader.grade(pd.DataFrame({"id": [1, 2], "target": [-1.0, 2.0]}), answers)
    assert result.score is None and "[0, 1]" in result.invalid_reason
