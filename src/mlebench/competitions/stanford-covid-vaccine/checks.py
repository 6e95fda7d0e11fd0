"""stanford-covid-vaccine: v1's SN-filtered 10% split, exploded answers and MCRMSE over keep rows."""

import json

import numpy as np
import pandas as pd
import pytest

CID = "stanford-covid-vaccine"
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]


def _json_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.json", "train.json"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = prepared.raw_root / CID
    kaggle = _json_lines(raw / "train.json")
    train, test = _json_lines(comp.public_dir / "train.json"), _json_lines(comp.public_dir / "test.json")
    assert len(test) == 4 and len(train) == 36
    assert [r["index"] for r in train] == list(range(36)) and [r["index"] for r in test] == list(range(4))
    assert list(train[0]) == list(kaggle[0])  # every key, in Kaggle's order
    assert list(test[0]) == list(_json_lines(raw / "test.json")[0])  # only Kaggle's test keys
    by_id = {r["id"]: r for r in kaggle}
    assert all(by_id[r["id"]]["SN_filter"] == 1 for r in test)
    assert {r["id"] for r in train} | {r["id"] for r in test} == set(by_id)
    # Kaggle's order is kept on both sides
    order = [r["id"] for r in kaggle]
    assert [r["id"] for r in test] == [i for i in order if i in {t["id"] for t in test}]
    expected = pd.DataFrame(kaggle)
    chosen = expected[expected["SN_filter"] > 0].sample(n=4, random_state=0)["id"]
    assert set(chosen) == {r["id"] for r in test}


def test_answers_are_every_position_with_keep(comp, prepared):
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == ["id_seqpos", *TARGETS, "keep"]
    assert list(sample.columns) == ["id_seqpos", *TARGETS] and (sample[TARGETS] == 0).all().all()
    assert list(sample["id_seqpos"]) == list(answers["id_seqpos"])
    assert len(answers) == 4 * 14 and answers["keep"].sum() == 4 * 9
    kaggle = {r["id"]: r for r in _json_lines(prepared.raw_root / CID / "train.json")}
    first = answers["id_seqpos"][0].rsplit("_", 1)[0]
    rows = answers[answers["id_seqpos"].str.startswith(first + "_")]
    assert list(rows["id_seqpos"]) == [f"{first}_{j}" for j in range(14)]
    assert list(rows["keep"]) == [True] * 9 + [False] * 5
    for t in TARGETS:
        assert np.allclose(rows[t][:9], kaggle[first][t]) and (rows[t][9:] == 0).all()
    assert "0.0000000000" in (comp.public_dir / "sample_submission.csv").read_text().splitlines()[1]


def _answers():
    ids = ["id_a_0", "id_a_1", "id_a_2", "id_b_0", "id_b_1", "id_b_2"]
    frame = pd.DataFrame({"id_seqpos": ids, **{t: 0.0 for t in TARGETS},
                          "keep": [True, True, False, True, True, False]})
    frame["reactivity"] = [1.0, 2.0, 0.0, 3.0, 4.0, 0.0]
    return frame


def test_hand_checked_mcrmse(comp):
    answers = _answers()
    sub = answers.drop(columns="keep").iloc[::-1].reset_index(drop=True)  # reversed rows
    sub["reactivity"] = sub["id_seqpos"].map({"id_a_0": 3.0, "id_a_1": 2.0, "id_a_2": 50.0,
                                              "id_b_0": 3.0, "id_b_1": 4.0, "id_b_2": -9.0})
    sub["deg_Mg_50C"] = sub["id_seqpos"].map({"id_a_0": 1.0, "id_a_1": 1.0, "id_a_2": 0.0,
                                              "id_b_0": 1.0, "id_b_1": 1.0, "id_b_2": 7.0})
    sub["deg_pH10"] = 100.0  # not scored
    # reactivity: errors 2, 0, 0, 0 on keep rows -> RMSE sqrt(4/4) = 1; deg_Mg_50C: all 1 -> 1;
    # deg_Mg_pH10: 0. Unkept rows (50, -9, 7) are ignored. (1 + 0 + 1) / 3
    assert comp.grader.grade(sub, answers).score == pytest.approx(2 / 3, abs=1e-5)


def test_reordered_rows_score_as_ordered_ones(comp):
    """v1 applied the keep mask by row label after sorting, so reordering moved the score."""
    answers = _answers()
    sub = answers.drop(columns="keep").assign(reactivity=[1.0, 2.0, 9.0, 3.0, 4.0, 9.0])
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.0)
    assert comp.grader.grade(sub.sample(frac=1, random_state=3), answers).score == pytest.approx(0.0)


def test_all_five_targets_are_required(comp):
    answers = _answers()
    sub = answers.drop(columns=["keep", "deg_50C"])
    result = comp.grader.grade(sub, answers)
    assert result.score is None and "deg_50C" in result.invalid_reason
