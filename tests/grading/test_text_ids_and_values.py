"""Text ids and text values on their fast paths give exactly what the general paths give (issue 18).

Shuffled text ids are matched with one set lookup (``submission._shuffled``) and fall back to the
joint encoding, whose messages name the ids, whenever anything is off; text predictions graded by
accuracy are compared as Arrow strings (``declarative._text_matches``) instead of Python objects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlebench.grading import InvalidSubmissionError, declarative, submission
from mlebench.grading.declarative import DeclarativeGrader, GradingSpec
from mlebench.grading.metrics import METRICS
from mlebench.grading.submission import align, read_csv

IDS = ["id_0", "é_1", "x y", "0042", "id_4", "ß"]


def _frames(sub_ids, ans_ids=IDS):
    ans = pd.DataFrame({"id": pd.Series(ans_ids, dtype="str"), "y": np.arange(len(ans_ids), dtype=float)})
    where = {i: k for k, i in enumerate(ans_ids)}
    sub = pd.DataFrame({"id": pd.Series(sub_ids, dtype="str"), "y": [float(where.get(i, -1)) for i in sub_ids]})
    return sub, ans


def _fail(*_a, **_k):
    raise AssertionError("the general path was taken")


def test_shuffled_text_ids_take_the_set_lookup(monkeypatch):
    monkeypatch.setattr(submission, "_joint_codes", _fail)
    sub, ans = _frames([IDS[i] for i in (3, 0, 5, 1, 4, 2)])
    out, _ = align(sub, ans, id_column="id", target_columns=["y"])
    assert out["y"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert out["id"].tolist() == IDS and out["id"].dtype == sub["id"].dtype
    assert list(out.columns) == ["id", "y"]


def test_ids_in_the_answers_order_are_not_matched_at_all(monkeypatch):
    monkeypatch.setattr(submission, "_joint_codes", _fail)
    monkeypatch.setattr(submission, "_shuffled", _fail)
    sub, ans = _frames(IDS)
    out, _ = align(sub, ans, id_column="id", target_columns=["y"])
    assert out["y"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def test_columns_come_back_ids_first_whatever_the_submission_order():
    sub, ans = _frames([IDS[i] for i in (5, 4, 3, 2, 1, 0)])
    out, _ = align(sub[["y", "id"]], ans, id_column="id", target_columns=["y"])
    assert list(out.columns) == ["id", "y"] and out["id"].tolist() == IDS
    assert out["y"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def test_text_ids_read_from_csv_match_answers_read_from_csv(tmp_path):
    rng = np.random.default_rng(0)
    ids = [f"{rng.integers(16**12):012x}" for _ in range(500)]
    ans = pd.DataFrame({"id": ids, "y": rng.random(500)})
    ans.to_csv(tmp_path / "a.csv", index=False)
    ans.sample(frac=1.0, random_state=1).to_csv(tmp_path / "s.csv", index=False)
    out, a = align(read_csv(tmp_path / "s.csv"), read_csv(tmp_path / "a.csv"), id_column="id", target_columns=["y"])
    assert out["id"].tolist() == a["id"].tolist() == ids
    assert out["y"].to_numpy().tobytes() == a["y"].to_numpy().tobytes()


@pytest.mark.parametrize("sub_ids, message", [
    (["id_0", "é_1", "é_1", "0042", "id_4", "ß"], "2 rows share duplicated id(s) in the submission: é_1"),
    (["id_0", "é_1", "x y", "42", "id_4", "ß"],
     "1 id(s) missing from the submission (expected 6 rows, got 6): 0042; "
     "1 id(s) in the submission are not in the test set: 42"),
    (["ß", "id_4", "0042", "x y", "é_1"], "1 id(s) missing from the submission (expected 6 rows, got 5): id_0"),
    (["ß", "id_4", "0042", "x y", "é_1", "id_0", "e\u0301_1"],
     "1 id(s) in the submission are not in the test set: e\u0301_1"),
    (["ß", "id_4", "0042", "x  y", "é_1", "id_0"],
     "1 id(s) missing from the submission (expected 6 rows, got 6): x y; "
     "1 id(s) in the submission are not in the test set: x  y"),
])
def test_mismatched_text_ids_are_named(sub_ids, message):
    sub, ans = _frames(sub_ids)
    with pytest.raises(InvalidSubmissionError) as e:
        align(sub, ans, id_column="id", target_columns=["y"])
    assert str(e.value) == message


def test_text_ids_against_object_ids_match_as_text():
    sub, ans = _frames([IDS[i] for i in (1, 0, 2, 5, 4, 3)])
    out, _ = align(sub, ans.astype({"id": object}), id_column="id", target_columns=["y"])
    assert out["y"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert out["id"].dtype == sub["id"].dtype  # the submission's own ids, gathered


def _text_grader(targets=("t",)) -> DeclarativeGrader:
    return DeclarativeGrader(GradingSpec(metric=METRICS["accuracy"], id_column="id", target_columns=tuple(targets),
                                         values="text", allow_nan=True))


TRUTH = ["a", None, "nan", "é", "e\u0301", " a", "A", "", "ß", "x"]
GUESS = [" a", "nan", None, "é", "é", " a", "a", None, "ss", "x"]


@pytest.mark.parametrize("order", ["same", "reversed"])
def test_text_values_compared_as_arrow_strings_score_as_python_text(monkeypatch, order):
    n = len(TRUTH)
    ans = pd.DataFrame({"id": range(n), "t": pd.Series(TRUTH, dtype="str"), "u": pd.Series(GUESS, dtype="str")})
    sub = pd.DataFrame({"id": range(n), "t": pd.Series(GUESS, dtype="str"), "u": pd.Series(TRUTH[::-1], dtype="str")})
    if order == "reversed":
        sub = sub.iloc[::-1].reset_index(drop=True)
    as_objects = {"t": object, "u": object}
    slow = {k: _text_grader(k)(sub.astype(as_objects)[["id", *k]], ans.astype(as_objects)) for k in (("t",), ("t", "u"))}
    monkeypatch.setattr(declarative, "_as_text", _fail)
    for k, expected in slow.items():
        assert repr(_text_grader(k)(sub[["id", *k]], ans)) == repr(expected)
    # a blank equals 'nan' (v1 str()-s NaN), case, whitespace and unicode forms stay different
    assert slow[("t",)] == 5 / n


def test_text_values_against_numbers_are_compared_as_their_text():
    ans = pd.DataFrame({"id": [1, 2, 3], "t": pd.Series(["1", "2.0", "x"], dtype="str")})
    sub = pd.DataFrame({"id": [1, 2, 3], "t": [1, 2, 3]})
    assert _text_grader()(sub, ans) == 1 / 3
    assert declarative._text_matches(ans[["t"]], sub[["t"]]) is None


def test_text_values_read_from_csv_take_the_arrow_path(tmp_path, monkeypatch):
    pd.DataFrame({"id": [1, 2, 3, 4], "t": ["a", "", "nan", "b c"]}).to_csv(tmp_path / "a.csv", index=False)
    pd.DataFrame({"id": [4, 3, 2, 1], "t": ["b c", "", "", "A"]}).to_csv(tmp_path / "s.csv", index=False)
    sub, ans = read_csv(tmp_path / "s.csv"), read_csv(tmp_path / "a.csv")
    slow = _text_grader()(sub.astype({"t": object}), ans.astype({"t": object}))
    monkeypatch.setattr(declarative, "_as_text", _fail)
    assert repr(_text_grader()(sub, ans)) == repr(slow) == repr(0.75)
