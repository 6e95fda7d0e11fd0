"""Space-separated items through Arrow: the same items as ``str.split()``, the same item-set scores.

``declarative._as_items(..., arrow=True)`` cuts Arrow text with ``ascii_split_whitespace`` where
that provably matches Python (ASCII text without \\x1c-\\x1f) and falls back to ``str.split``
elsewhere; ``micro_f1_item_sets`` and ``kendall_tau_orders`` take Arrow list arrays as well as
Python lists. Checked against ``str.split`` and against plain Python sets on random hostile text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mlebench.grading.declarative import _as_items, _ascii_split, _ascii_split_is_str_split, declarative_grader
from mlebench.grading.metrics import kendall_tau_orders, micro_f1_item_sets

ASCII_SPACES = " \t\n\v\f\r"
PY_ONLY_SPACES = "\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_SPACES = "ab#+.-_\x00\x1b\x7f\u200b\ufeff\u00e9"  # \u200b, \ufeff: not whitespace to Python either


def _text(rng: np.random.Generator, alphabet: str, n: int) -> list[str | None]:
    out: list[str | None] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.05:
            out.append(None)
        elif roll < 0.1:
            out.append("")
        else:
            out.append("".join(rng.choice(list(alphabet), size=int(rng.integers(0, 25)))))
    return out


def _column(cells: list[str | None]) -> pd.Series:
    return pd.Series(cells, dtype=pd.StringDtype("pyarrow"))


def _expected(cells: list[str | None]) -> list[list[str]]:
    return [[] if v is None else v.split() for v in cells]


def _items(result) -> list[list[str]]:
    return result.to_pylist() if isinstance(result, pa.Array) else result


@pytest.mark.parametrize("seed", range(6))
def test_ascii_text_goes_through_arrow_and_gives_str_split(seed):
    rng = np.random.default_rng(seed)
    cells = _text(rng, ASCII_SPACES * 3 + "abc#+. ", 400)
    result = _as_items(_column(cells), arrow=True)
    assert isinstance(result, pa.ListArray)
    assert result.to_pylist() == _expected(cells)
    assert _as_items(_column(cells)) == _expected(cells)  # without arrow: lists of str, as before


@pytest.mark.parametrize("seed", range(6))
def test_text_arrow_would_cut_differently_falls_back_to_str_split(seed):
    rng = np.random.default_rng(100 + seed)
    cells = _text(rng, ASCII_SPACES + PY_ONLY_SPACES + NOT_SPACES, 300)
    cells[7] = "a\x1cb"  # at least one cell Arrow's ASCII kernel would not cut
    result = _as_items(_column(cells), arrow=True)
    assert isinstance(result, list)
    assert result == _expected(cells)


@pytest.mark.parametrize("code", range(128))
def test_each_ascii_character_between_and_around_items(code):
    c = chr(code)
    cells = [f"a{c}b", f"{c}a{c}{c}b{c}", c, c * 3, f"x{c} {c}y", None, ""]
    column = _column(cells)
    arrow = _ascii_split_is_str_split(pa.array(column.array))
    assert arrow == (code not in range(0x1C, 0x20))
    assert _items(_as_items(column, arrow=True)) == _expected(cells)


def test_chunked_sliced_and_narrow_text():
    cells = [" a  b ", None, "c", "", "\td\ne", "f f", "  "]
    chunks = [pa.array(["zz\x85zz", *cells[:3]], type=pa.large_string()).slice(1), pa.array(cells[3:], type=pa.large_string())]
    chunked = pa.chunked_array(chunks)  # the first chunk's skipped cell holds \x85, outside the cells checked
    assert _ascii_split_is_str_split(chunked)
    assert _ascii_split(chunked).to_pylist() == _expected(cells)
    narrow = pa.array(cells, type=pa.string())
    assert _ascii_split(narrow).to_pylist() == _expected(cells)
    assert _ascii_split(narrow.slice(2, 3)).to_pylist() == _expected(cells[2:5])
    assert _ascii_split(pa.array([], type=pa.large_string())).to_pylist() == []
    assert not _ascii_split_is_str_split(pa.chunked_array([pa.array(["a"]), pa.array(["b\u3000c"])]))
    assert not _ascii_split_is_str_split(pa.array([1, 2]))  # not text


def _reference_micro_f1(truth, pred, ignore: bool) -> float:
    known = {x for row in truth for x in row}
    tp = fp = fn = 0
    for t, p in zip(truth, pred):
        t, p = set(t), set(p)
        if ignore:
            p &= known
        tp, fp, fn = tp + len(t & p), fp + len(p - t), fn + len(t - p)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _random_sets(rng: np.random.Generator, n: int, vocabulary: int) -> list[list[str]]:
    return [[f"t{int(v)}" for v in rng.integers(0, vocabulary, size=int(rng.integers(0, 6)))] for _ in range(n)]


def _arrow_lists(rows: list[list[str]], value_type: pa.DataType) -> pa.ListArray:
    return pa.array(rows, type=pa.list_(value_type))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("unknown", ["count", "ignore"])
def test_micro_f1_is_the_same_for_arrow_and_python_lists(seed, unknown):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    truth, pred = _random_sets(rng, n, 30), _random_sets(rng, n, 40)  # repeats in rows, unknown items, empty rows
    expected = _reference_micro_f1(truth, pred, unknown == "ignore")
    assert micro_f1_item_sets(truth, pred, unknown_predictions=unknown) == expected
    for t_type, p_type in [(pa.string(), pa.string()), (pa.large_string(), pa.large_string()), (pa.string(), pa.large_string())]:
        t, p = _arrow_lists(truth, t_type), _arrow_lists(pred, p_type)
        assert micro_f1_item_sets(t, p, unknown_predictions=unknown) == expected
        assert micro_f1_item_sets(t, pred, unknown_predictions=unknown) == expected  # one side Arrow, one Python
        assert micro_f1_item_sets(pa.chunked_array([t[: n // 2], t[n // 2 :]]), p, unknown_predictions=unknown) == expected
    padded = _arrow_lists([["x"], *truth, ["y"]], pa.large_string()).slice(1, n)  # a slice: offsets not from 0
    assert micro_f1_item_sets(padded, _arrow_lists(pred, pa.string()), unknown_predictions=unknown) == expected


def test_arrow_lists_with_nulls_or_other_items_take_the_general_path():
    rows = [["a", None], [None], ["b"]]
    pred = [["a"], [None, "c"], ["b", "c"]]
    expected = _reference_micro_f1(rows, pred, False)  # None an item like any other
    assert micro_f1_item_sets(pa.array(rows, type=pa.list_(pa.string())), pred) == expected == micro_f1_item_sets(rows, pred)
    ints = pa.array([[1, 2], [3]])
    # equal as a set sees them: 1 == 1.0 == True, one item (tp 2, fn 1)
    assert micro_f1_item_sets(ints, [[1.0, True], [3]]) == micro_f1_item_sets([[1, 2], [3]], [[1.0, True], [3]]) == 0.8


@pytest.mark.parametrize("seed", range(5))
def test_kendall_tau_is_the_same_for_arrow_and_python_lists(seed):
    rng = np.random.default_rng(seed)
    truth = [[f"c{j}" for j in rng.permutation(int(rng.integers(2, 9)))] for _ in range(50)]
    pred = [list(rng.permutation(row)) for row in truth]
    expected = kendall_tau_orders(truth, pred)
    assert kendall_tau_orders(_arrow_lists(truth, pa.large_string()), _arrow_lists(pred, pa.large_string())) == expected
    bad = [*pred[:-1], pred[-1][:-1]]
    with pytest.raises(ValueError, match="row 49"):
        kendall_tau_orders(_arrow_lists(truth, pa.string()), _arrow_lists(bad, pa.string()))


@pytest.mark.parametrize("unknown", ["count", "ignore"])
def test_the_grader_scores_arrow_and_object_text_the_same(unknown):
    rng = np.random.default_rng(7)
    n = 200
    spaces = [" ", "  ", "\t", " \n"]
    join = lambda rows: [rng.choice(spaces).join(r) + ("" if i % 5 else " ") for i, r in enumerate(rows)]  # noqa: E731
    truth, pred = _random_sets(rng, n, 20), _random_sets(rng, n, 25)
    answers = pd.DataFrame({"id": np.arange(n), "tags": join(truth)})
    sub = pd.DataFrame({"id": np.arange(n)[::-1], "tags": join(pred)[::-1]})
    sub.loc[3, "tags"] = None
    grader = declarative_grader({
        "metric": "micro-f1-item-sets", "submission": {"id_column": "id", "target_columns": ["tags"], "allow_empty": True},
        "grading": {"values": "space-separated", "metric_options": {"unknown_predictions": unknown}},
    })
    as_object = grader(sub.astype({"tags": object}), answers.astype({"tags": object}))
    as_arrow = grader(sub.astype({"tags": pd.StringDtype("pyarrow")}), answers.astype({"tags": pd.StringDtype("pyarrow")}))
    pred_rows = [[] if pd.isna(v) else v.split() for v in sub.sort_values("id")["tags"]]
    assert as_arrow == as_object == _reference_micro_f1(truth, pred_rows, unknown == "ignore")


def test_the_answers_split_once_is_their_own_and_each_submission_is_split_anew():
    rng = np.random.default_rng(11)
    n = 120
    grader = declarative_grader({
        "metric": "micro-f1-item-sets", "submission": {"id_column": "id", "target_columns": ["tags"], "allow_empty": True},
        "grading": {"values": "space-separated"},
    })
    arrow = pd.StringDtype("pyarrow")
    for _ in range(2):  # answers of the same shape, other items: never the first answers' items
        truth = _random_sets(rng, n, 15)
        answers = pd.DataFrame({"id": np.arange(n), "tags": pd.array([" ".join(r) for r in truth], dtype=arrow)})
        for _ in range(3):
            pred = _random_sets(rng, n, 15)
            sub = pd.DataFrame({"id": np.arange(n), "tags": pd.array([" ".join(r) for r in pred], dtype=arrow)})
            assert grader(sub, answers.copy(deep=False)) == _reference_micro_f1(truth, pred, False)
