"""Prediction strings of boxes/objects (``PredictionString``: a fixed number of space-separated
fields per detection), split into one table row per detection, as the detection graders read them;
and what the graders of issue 18 share to stay near the CSV parser's speed: splitting a whole text
column at once (``split_fields``, ``cell_bytes``), joining two tables on an integer key
(``equal_key_pairs``). What a grader derives from its cached answers is kept by
``grading.answers.once_per_answers``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading import InvalidSubmissionError


# the characters other than " " that str.split() splits on
_OTHER_WHITESPACE = "[" + "".join(f"\\x{{{c:x}}}" for c in range(0x110000) if chr(c).isspace() and c != 0x20) + "]"


def split_detections(cells, ids, *, fields: int, where: str, unit: str, layout: str) -> tuple[np.ndarray, np.ndarray]:
    """``(row, table)``: for each detection its cell's position and its ``fields`` text fields.

    A blank cell, ``None`` or NaN holds no detection. A cell whose field count is not a multiple of
    ``fields`` is invalid: "{where} '{id}': PredictionString must hold {fields} fields per {unit}
    ({layout}), got {count}".
    """
    row, table, _ = split_detections_with_numbers(cells, ids, fields=fields, numeric=[], where=where, unit=unit,
                                                  layout=layout)
    return row, table


def split_detections_with_numbers(cells, ids, *, fields: int, numeric: Sequence[int], where: str, unit: str,
                                  layout: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``split_detections``' ``(row, table)`` and ``numbers``: the fields at positions ``numeric`` as floats,
    ``table[:, numeric].astype(float)``, read by Arrow when every one of them is a plain decimal
    (``_PLAIN_NUMBER``: both sides then round the same decimal correctly, so the floats are equal); None
    otherwise (cells split one by one, or another spelling: "inf", "1_0", " 1"), and the caller converts."""
    split = _split_cells(cells)
    if split is None:
        row, table = _split_one_by_one(cells, ids, fields=fields, where=where, unit=unit, layout=layout)
        return row, table, None
    cell, tokens = split
    counts = np.bincount(cell, minlength=len(cells))
    bad = np.flatnonzero(counts % fields)
    if len(bad):
        k = int(bad[0])
        raise InvalidSubmissionError(
            f"{where} '{ids[k]}': PredictionString must hold {fields} fields per {unit} ({layout}), got {counts[k]}")
    if not len(tokens):
        return np.zeros(0, dtype=np.int64), np.zeros((0, fields), dtype=object), np.zeros((0, len(numeric)))
    return cell[0::fields], tokens.to_numpy(zero_copy_only=False).reshape(-1, fields), plain_numbers(tokens, fields, numeric)


# a decimal as str.split leaves it: optional sign, digits with at most one point, optional exponent
_PLAIN_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def plain_numbers(tokens: pa.Array, fields: int, numeric: Sequence[int]) -> np.ndarray | None:
    """The tokens at positions ``numeric`` of each group of ``fields`` as an (n, len(numeric)) float array, if all
    are plain decimals that Arrow reads; None otherwise."""
    n = len(tokens) // fields
    if not len(numeric):
        return np.zeros((n, 0))
    at = (np.arange(n)[:, None] * fields + np.asarray(numeric)[None, :]).ravel()
    texts = tokens.take(pa.array(at))
    if not pc.all(pc.match_substring_regex(texts, _PLAIN_NUMBER)).as_py():
        return None
    try:
        values = pc.cast(texts, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return values.to_numpy(zero_copy_only=False).reshape(n, len(numeric))


def _split_cells(cells) -> tuple[np.ndarray, pa.Array] | None:
    """``split_fields`` of an object array of text, None and NaN (None for anything else)."""
    try:
        texts = pa.array(cells, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if texts.null_count:  # Arrow's nulls must be the cells read as empty: None and float NaN, not pd.NA
        nulls = np.flatnonzero(texts.is_null().to_numpy(zero_copy_only=False))
        if not all(cells[k] is None or isinstance(cells[k], float) for k in nulls):
            return None
    return split_fields(texts)


def _split_one_by_one(cells, ids, *, fields: int, where: str, unit: str, layout: str) -> tuple[np.ndarray, np.ndarray]:
    rows, tokens = [], []
    for k, cell in enumerate(cells):
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            continue
        parts = str(cell).split()
        if len(parts) % fields:
            raise InvalidSubmissionError(
                f"{where} '{ids[k]}': PredictionString must hold {fields} fields per {unit} "
                f"({layout}), got {len(parts)}")
        rows.append(np.full(len(parts) // fields, k))
        tokens.extend(parts)
    if not tokens:
        return np.zeros(0, dtype=np.int64), np.zeros((0, fields), dtype=object)
    return np.concatenate(rows), np.asarray(tokens, dtype=object).reshape(-1, fields)


def all_numbers(fields) -> bool:
    """Whether every text field reads as a float."""
    try:
        [float(f) for f in fields]
        return True
    except ValueError:
        return False


def position_in_group(groups: np.ndarray) -> np.ndarray:
    """Each element's position within its run of equal values (``groups`` sorted): 0, 1, ... per run."""
    return np.arange(len(groups)) - np.searchsorted(groups, groups)


def equal_key_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of positions (i, j) with ``left[i] == right[j]`` (integer keys), as two arrays: by j, then
    by i ascending. A join of two tables on one integer key, e.g. (page, label) or (sample, class)."""
    order = np.argsort(left, kind="stable")
    ranked = left[order]
    lo = np.searchsorted(ranked, right, side="left")
    count = np.searchsorted(ranked, right, side="right") - lo
    j = np.repeat(np.arange(len(right)), count)
    i = order[np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) + np.repeat(lo, count)]
    return i, j


def text_cells(column: pd.Series) -> pa.Array | None:
    """A text column (pandas' ``str`` dtype: missing cells are NaN) as one Arrow array; None for other dtypes."""
    if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.na_value is np.nan):
        return None
    cells = pa.array(column.array)
    return cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells


def split_fields(cells: pa.Array) -> tuple[np.ndarray, pa.Array] | None:
    """Python's ``str.split()`` of every cell at once (a null cell: no field), flattened in cell order:
    (the cell of each field, the fields). None when a cell holds whitespace other than spaces
    (Arrow's idea of whitespace is not Python's): the caller splits cell by cell."""
    if not _printable_ascii(cells) and pc.any(pc.match_substring_regex(cells, _OTHER_WHITESPACE)).as_py():
        return None
    pieces = pc.split_pattern(cells.cast(pa.large_string()), " ")
    fields, cell = pc.list_flatten(pieces), pc.list_parent_indices(pieces)
    kept = pc.not_equal(fields, "")  # runs of spaces and spaces at either end separate no field
    return cell.filter(kept).to_numpy().astype(np.int64, copy=False), fields.filter(kept)


def _printable_ascii(cells: pa.Array) -> bool:
    """Whether the bytes the cells span (a null cell's too) are all printable ASCII or space, 0x20-0x7f: then
    no cell holds whitespace other than " ", which one pass over the bytes settles faster than the regex."""
    b = cell_bytes(cells)
    return b is not None and not np.count_nonzero(b - np.uint8(0x20) >= 0x60)  # uint8 wraps: below 0x20 or from 0x80


def cell_bytes(cells: pa.Array) -> np.ndarray | None:
    """The bytes a text array's cells span (a null cell's too), as uint8, without copying; None for other arrays."""
    if not isinstance(cells, pa.Array) or not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):
        return None
    _, offsets, data = cells.buffers()
    if data is None or len(cells) == 0:
        return np.zeros(0, dtype=np.uint8)
    ends = np.frombuffer(offsets, dtype=np.int64 if pa.types.is_large_string(cells.type) else np.int32)
    ends = ends[cells.offset : cells.offset + len(cells) + 1]
    return np.frombuffer(data, dtype=np.uint8)[ends[0] : ends[-1]]


