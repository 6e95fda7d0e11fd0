"""Prediction strings of boxes/objects (``PredictionString``: a fixed number of space-separated
fields per detection), split into one table row per detection, as the detection graders read them.
"""

from __future__ import annotations

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
    split = _split_cells(cells)
    if split is None:
        return _split_one_by_one(cells, ids, fields=fields, where=where, unit=unit, layout=layout)
    cell, tokens = split
    counts = np.bincount(cell, minlength=len(cells))
    bad = np.flatnonzero(counts % fields)
    if len(bad):
        k = int(bad[0])
        raise InvalidSubmissionError(
            f"{where} '{ids[k]}': PredictionString must hold {fields} fields per {unit} ({layout}), got {counts[k]}")
    if not len(tokens):
        return np.zeros(0, dtype=np.int64), np.zeros((0, fields), dtype=object)
    return cell[0::fields], tokens.to_numpy(zero_copy_only=False).reshape(-1, fields)


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
    if pc.any(pc.match_substring_regex(cells, _OTHER_WHITESPACE)).as_py():
        return None
    pieces = pc.split_pattern(cells.cast(pa.large_string()), " ")
    fields, cell = pc.list_flatten(pieces), pc.list_parent_indices(pieces)
    kept = pc.not_equal(fields, "")  # runs of spaces and spaces at either end separate no field
    return cell.filter(kept).to_numpy().astype(np.int64, copy=False), fields.filter(kept)
