"""ventilator-pressure-prediction: v1's breath split, new ids, and MAE over u_out == 0."""

import math

import numpy as np
import pandas as pd
import pytest

COLUMNS = ["id", "breath_id", "R", "C", "time_step", "u_in", "u_out", "pressure"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == COLUMNS
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == COLUMNS[:-1]
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == COLUMNS
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id", "pressure"] and (sample["pressure"] == 0).all()


def test_split_by_breath_with_new_ids(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / comp.id / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.private_dir / "test.csv")
    assert test["breath_id"].nunique() == math.ceil(0.1 * raw["breath_id"].nunique())
    assert set(train["breath_id"]).isdisjoint(test["breath_id"])
    assert len(train) + len(test) == len(raw)
    for frame in (train, test):
        assert list(frame["id"]) == list(range(1, len(frame) + 1))
        assert (frame.groupby("breath_id").size() == 80).all()
        # a breath's rows stay together and in time order
        assert frame["breath_id"].ne(frame["breath_id"].shift()).sum() == frame["breath_id"].nunique()
    step = lambda f: f.assign(step=f.groupby("breath_id").cumcount())  # noqa: E731
    merged = step(test).merge(step(raw), on=["breath_id", "step"], suffixes=("", "_raw"))
    assert len(merged) == len(test)
    for c in ("time_step", "u_in", "pressure"):  # values kept, to 10 significant digits
        assert np.allclose(merged[c], merged[c + "_raw"], rtol=1e-9, atol=1e-12), c
    # floats are written with 10 significant digits, as v1
    line = (comp.private_dir / "test.csv").read_text().splitlines()[1]
    assert all(len(v.replace(".", "").replace("-", "").lstrip("0")) <= 10 for v in line.split(","))
    public = pd.read_csv(comp.public_dir / "test.csv")
    assert list(public["id"]) == list(test["id"]) and (public["u_out"] == test["u_out"]).all()


def test_hand_checked_score_ignores_expiration(comp):
    answers = pd.DataFrame({"id": [1, 2, 3, 4], "breath_id": 7, "R": 20, "C": 50, "time_step": [0, 0.03, 0.07, 0.1],
                            "u_in": 5.0, "u_out": [0, 0, 1, 1], "pressure": [10.0, 12.0, 6.0, 5.0]})
    sub = pd.DataFrame({"id": [4, 3, 2, 1], "pressure": [100.0, -50.0, 15.0, 9.0]})
    # scored rows 1, 2: (|10 - 9| + |12 - 15|) / 2 = 2; rows 3, 4 are expiration
    assert comp.grader.grade(sub, answers).score == pytest.approx(2.0)


def test_every_row_must_be_predicted_even_unscored_ones(comp):
    answers = pd.DataFrame({"id": [1, 2], "u_out": [0, 1], "pressure": [10.0, 6.0]})
    result = comp.grader.grade(pd.DataFrame({"id": [1], "pressure": [10.0]}), answers)
    assert result.score is None and "missing" in result.invalid_reason
