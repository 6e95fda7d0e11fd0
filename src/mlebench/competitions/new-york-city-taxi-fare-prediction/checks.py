"""new-york-city-taxi-fare-prediction: v1's prepared layout and grading."""

import math

import pandas as pd
import pytest

from mlebench.registry import resolve_fn, registry

CID = "new-york-city-taxi-fare-prediction"
COLUMNS = ["key", "fare_amount", "pickup_datetime", "pickup_longitude", "pickup_latitude",
           "dropoff_longitude", "dropoff_latitude", "passenger_count"]


def _read(path):
    return pd.read_csv(path, dtype={"key": str})


def test_files_and_columns_match_v1(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "GCP-Coupons-Instructions.rtf", "description.md", "labels.csv", "sample_submission.csv", "test.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    labels = _read(comp.public_dir / "labels.csv")
    test = _read(comp.public_dir / "test.csv")
    answers = _read(comp.private_dir / "test.csv")
    sample = _read(comp.public_dir / "sample_submission.csv")
    assert list(labels.columns) == list(answers.columns) == COLUMNS
    assert list(test.columns) == [c for c in COLUMNS if c != "fare_amount"]
    assert list(sample.columns) == ["key", "fare_amount"] and (sample["fare_amount"] == 11.35).all()
    assert list(sample["key"]) == list(test["key"]) == list(answers["key"])
    assert (comp.public_dir / "GCP-Coupons-Instructions.rtf").read_bytes() == (
        prepared.raw_root / CID / "GCP-Coupons-Instructions.rtf"
    ).read_bytes()


def test_split_keeps_keys_and_fares(comp, prepared):
    raw = _read(prepared.raw_root / CID / "train.csv").set_index("key")
    labels = _read(comp.public_dir / "labels.csv")
    answers = _read(comp.private_dir / "test.csv")
    assert len(answers) == len(raw) // 10 and len(labels) + len(answers) == len(raw)
    assert set(labels["key"]).isdisjoint(answers["key"])
    assert (raw.loc[answers["key"], "fare_amount"].to_numpy() == answers["fare_amount"].to_numpy()).all()


def test_real_data_gets_v1_test_size():
    test_size_for = resolve_fn(registry.get_competition(CID).folder, "prepare.py:test_size_for", CID)
    assert test_size_for(55_423_856) == 9914
    assert test_size_for(300) == 0.1


def test_hand_checked_score_matches_rows_by_key(comp):
    answers = pd.DataFrame({"key": ["2011-01-01 00:00:01.0000001", "2011-01-01 00:00:01.0000002"], "fare_amount": [5.0, 10.0]})
    sub = pd.DataFrame({"key": answers["key"][::-1].to_list(), "fare_amount": [13.0, 2.0]})
    # errors 3 and 3 -> RMSE 3 (v1 paired by sorted key without checking the keys; misnamed keys are invalid here)
    assert comp.grader(sub, answers) == pytest.approx(3.0)
    wrong = sub.assign(key=["2011-01-01 00:00:01.0000009", "2011-01-01 00:00:01.0000001"])
    result = comp.grader.grade(wrong, answers)
    assert result.score is None and "missing" in result.invalid_reason


def test_graded_from_files_like_an_agent_writes_them(comp, tmp_path):
    """Keys travel through CSV files (where pyarrow parses them as timestamps) and still match."""
    from mlebench.grading.submission import read_csv
    from mlebench.utils import load_answers

    test = _read(comp.public_dir / "test.csv")
    sub = test[["key"]].assign(fare_amount=11.35 + 1.0)
    sub.to_csv(tmp_path / "submission.csv", index=False)
    answers = load_answers(comp.answers)
    expected = math.sqrt(((answers["fare_amount"] - 12.35) ** 2).mean())
    assert comp.grader(read_csv(tmp_path / "submission.csv"), answers) == pytest.approx(round(expected, 5))
