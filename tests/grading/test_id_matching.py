"""Ids matched on their own type (grading.submission.align): the same verdicts as matching their text.

Integer ids are matched as int64 (dense ones without hashing), text as Arrow strings; 7, 7.0 and
'7' still agree, '007' and 7 still do not, and every message quotes the ids as text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.submission import _id_key, align


def _aligned(sub_ids, ans_ids, **kw):
    ans = pd.DataFrame({"id": ans_ids, "y": np.arange(len(ans_ids), dtype=float)})
    sub = pd.DataFrame({"id": sub_ids, "y": [float(list(map(str, _id_key(ans["id"]))).index(t)) for t in _id_key(pd.Series(sub_ids))]})
    out, _ = align(sub, ans, id_column="id", target_columns=["y"], **kw)
    return out


@pytest.mark.parametrize("sub_ids, ans_ids", [
    ([3, 1, 2], [1, 2, 3]),  # dense integers
    ([10**15, -4, 7], [-4, 7, 10**15]),  # sparse and negative integers (hashed)
    (["3", "1", "2"], [1, 2, 3]),  # text against integers
    ([3.0, 1.0, 2.0], [1, 2, 3]),  # whole floats against integers
    ([3.0, 1.0, 2.0], ["1", "2", "3"]),  # whole floats against text
    ([2.5, 0.5, 1.5], [0.5, 1.5, 2.5]),  # fractional floats (text of the float)
    (np.array([2**63 + 1, 5, 2**63], dtype=np.uint64), np.array([5, 2**63, 2**63 + 1], dtype=np.uint64)),
    (["b", "c", "a"], ["a", "b", "c"]),
    (pd.Series(["b", "c", "a"], dtype=object), pd.Series(["a", "b", "c"], dtype=object)),
])
def test_shuffled_ids_are_put_in_the_answers_order(sub_ids, ans_ids):
    assert _aligned(sub_ids, ans_ids)["y"].tolist() == [0.0, 1.0, 2.0]


def test_in_order_ids_keep_their_rows():
    assert _aligned([1, 2, 3], [1, 2, 3])["y"].tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("sub_ids, ans_ids, message", [
    ([7, 1, 2], ["007", "1", "2"], "1 id(s) missing from the submission (expected 3 rows, got 3): 007; "
                                   "1 id(s) in the submission are not in the test set: 7"),
    ([1, 2, 2], [1, 2, 3], "2 rows share duplicated id(s) in the submission: 2"),
    ([1.0, 2.0], [1, 2, 3], "1 id(s) missing from the submission (expected 3 rows, got 2): 3"),
    ([1, 2, 3, 10**12], [1, 2, 3], "1 id(s) in the submission are not in the test set: 1000000000000"),
    ([1.5, 2], [1, 2], "1 id(s) missing from the submission (expected 2 rows, got 2): 1; "
                       "1 id(s) in the submission are not in the test set: 1.5"),
])
def test_mismatched_ids_are_named_as_text(sub_ids, ans_ids, message):
    ans = pd.DataFrame({"id": ans_ids, "y": 0.0})
    sub = pd.DataFrame({"id": sub_ids, "y": 0.0})
    with pytest.raises(InvalidSubmissionError) as e:
        align(sub, ans, id_column="id", target_columns=["y"])
    assert str(e.value) == message


def test_composite_ids_match_on_every_column():
    ans = pd.DataFrame({"img": [1, 1, 2, 2], "cls": ["a", "b", "a", "b"], "y": [0.0, 1.0, 2.0, 3.0]})
    sub = ans.iloc[[3, 0, 2, 1]].reset_index(drop=True)
    out, _ = align(sub, ans, id_column=["img", "cls"], target_columns=["y"])
    assert out["y"].tolist() == [0.0, 1.0, 2.0, 3.0]
    swapped = sub.assign(cls=["a", "a", "a", "b"])  # (2, a) twice, (2, b) missing
    with pytest.raises(InvalidSubmissionError, match=r"2 rows share duplicated id\(s\) in the submission: 2\x1fa$"):
        align(swapped, ans, id_column=["img", "cls"], target_columns=["y"])


def test_an_infinite_prediction_names_its_id():
    ans = pd.DataFrame({"id": [5, 6, 7], "y": [0.0, 1.0, 0.0]})
    sub = pd.DataFrame({"id": [7, 6, 5], "y": [0.1, np.inf, 0.2]})
    with pytest.raises(InvalidSubmissionError, match=r"column 'y' contains 1 infinite value\(s\), at id\(s\) 6"):
        align(sub, ans, id_column="id", target_columns=["y"], numeric=True)
