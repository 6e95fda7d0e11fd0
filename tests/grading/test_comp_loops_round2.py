"""Round 2 of the per-competition hot loops (issue 18): the fast paths against simple references on random
inputs with ties, repeats and edge cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import mlebench
from mlebench.grading import InvalidSubmissionError
from mlebench.grading import detection
from mlebench.grading.metrics import mean_average_precision_at_k
from mlebench.registry import load_competition_module

COMPETITIONS = Path(mlebench.__file__).resolve().parent / "competitions"
hm = load_competition_module(COMPETITIONS / "h-and-m-personalized-fashion-recommendations", "grade")


def _text(values) -> pd.Series:
    return pd.Series(values, dtype="str")


@pytest.mark.parametrize("seed", range(6))
def test_split_fields_is_str_split(seed):
    rng = np.random.default_rng(seed)
    pieces = ["a", "12", " ", "  ", "é", "\t", "\u00a0", "\x1c", "x\u2003y", ""]
    cells = ["".join(rng.choice(pieces, rng.integers(0, 6))) for _ in range(200)] + [None]
    if seed % 2:  # printable ASCII only: the byte scan settles it without the regex
        cells = [c if c is None else "".join(ch for ch in c if " " <= ch <= "~") for c in cells]
    arr = pa.array(cells, type=pa.large_string())
    split = detection.split_fields(arr)
    other_whitespace = any(ch.isspace() and ch != " " for c in cells if c is not None for ch in c)
    assert (split is None) == other_whitespace
    if split is None:
        return
    rows, fields = split
    expected = [(k, f) for k, c in enumerate(cells) if c is not None for f in c.split()]
    assert list(zip(rows.tolist(), fields.to_pylist())) == expected


def test_printable_ascii_looks_only_at_the_cells_bytes():
    arr = pa.array(["a\tb", "c d", "e"], type=pa.string())
    assert not detection._printable_ascii(arr)
    assert detection._printable_ascii(arr.slice(1))  # the tab lies before the slice
    assert not detection._printable_ascii(pa.array(["é"]))
    assert not detection._printable_ascii(pa.array(["\x7f\x80"]))
    assert detection._printable_ascii(pa.array(["~ !"]))
    assert detection._printable_ascii(pa.array([], type=pa.string()))


def test_once_per_answers_keys_on_the_arrow_buffers():
    calls = []
    a = _text(["x", "y"])

    def make():
        calls.append(1)
        return len(calls)

    assert detection.once_per_answers("t", [a], make) == 1
    assert detection.once_per_answers("t", [a.copy(deep=False)], make) == 1  # a shallow copy: same buffers
    assert detection.once_per_answers("u", [a], make) == 2  # another tag
    assert detection.once_per_answers("t", [_text(["x", "y"])], make) == 3  # equal text, other buffers
    assert detection.once_per_answers("t", [a.iloc[1:]], make) == 4  # a slice
    b = a.copy()
    b.iloc[0] = "z"  # a write makes new buffers
    assert detection.once_per_answers("t", [b], make) == 5
    objects = pd.Series(["x", "y"], dtype=object)
    assert detection.once_per_answers("t", [objects], make) == 6
    assert detection.once_per_answers("t", [objects], make) == 7  # not Arrow: made every time


@pytest.mark.parametrize("seed", range(20))
def test_first_of_each_is_uniques_first_index(seed):
    rng = np.random.default_rng(seed)
    key = rng.integers(0, rng.integers(1, 30), rng.integers(0, 60))
    if seed == 3:
        key = key + (1 << 55)  # too wide to pack: np.unique
    candidate = np.flatnonzero(rng.random(len(key)) < 0.7)
    _, first = np.unique(key[candidate], return_index=True)
    assert hm._first_of_each(key, candidate).tolist() == np.sort(candidate[first]).tolist()


def _old_rows_of(submitted: pd.Series, wanted: pd.Series):
    ids = pd.Index(submitted.astype(str).to_numpy(dtype=object), dtype=object)
    if ids.duplicated().any():
        return "duplicated"
    rows = ids.get_indexer(wanted.astype(str).to_numpy(dtype=object))
    return "missing" if (rows < 0).any() else rows.tolist()


@pytest.mark.parametrize("seed", range(30))
def test_rows_of_against_a_hash_index(seed):
    rng = np.random.default_rng(seed)
    width = int(rng.choice([1, 7, 8, 9, 70, 130]))
    alphabet = list("ab0 _") + (["é"] if seed % 7 == 0 else [])
    wanted = sorted({"".join(rng.choice(alphabet, rng.integers(1, width + 1))) for _ in range(40)})
    sub = list(wanted)
    rng.shuffle(sub)
    kind = seed % 6
    if kind == 1:
        sub.append(sub[0])  # duplicated
    elif kind == 2:
        sub = sub[1:]  # missing
    elif kind == 3:
        sub += ["zz" * width, sub[0] + " "]  # extra customers, one longer than any answer
    elif kind == 4:
        sub[0] = sub[0] + "x"  # replaced
    w = _text(wanted)
    expected = _old_rows_of(_text(sub), w)
    if isinstance(expected, str):
        with pytest.raises(InvalidSubmissionError, match=expected):
            hm._rows_of(_text(sub), w)
    else:
        assert hm._rows_of(_text(sub), w).tolist() == expected
    fast = hm._rows_by_hash(_text(sub), w)
    assert fast is None or fast.tolist() == expected
    if kind in (0, 5) and seed % 7 and width <= 128:
        assert fast is not None  # the fast path is taken where it should be


def _lists(rng, rows, vocabulary):
    return [" ".join(rng.choice(vocabulary, rng.integers(0, 16))) for _ in range(rows)]


@pytest.mark.parametrize("seed", range(20))
def test_map_at_12_is_the_reference_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    vocabulary = [f"{i:04d}" for i in range(rng.integers(1, 30))]
    rows = int(rng.integers(1, 50))
    truth, pred = _lists(rng, rows, vocabulary), _lists(rng, rows, vocabulary)
    answers = pd.DataFrame({"customer_id": _text([f"c{i}" for i in range(rows)]), "prediction": _text(truth)})
    order = rng.permutation(rows)
    sub = pd.DataFrame({"customer_id": answers["customer_id"].iloc[order].to_numpy(),
                        "prediction": _text(np.asarray(pred, dtype=object)[order])})
    expected = mean_average_precision_at_k([t.split() for t in truth], [p.split() for p in pred], k=12)
    assert hm.grade(sub, answers) == expected
    assert hm.grade(sub, answers.copy(deep=False)) == expected  # the kept answers' side
