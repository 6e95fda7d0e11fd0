"""Prediction strings of boxes/objects (``PredictionString``: a fixed number of space-separated
fields per detection), split into one table row per detection, as the detection graders read them.
"""

from __future__ import annotations

import numpy as np

from mlebench.grading import InvalidSubmissionError


def split_detections(cells, ids, *, fields: int, where: str, unit: str, layout: str) -> tuple[np.ndarray, np.ndarray]:
    """``(row, table)``: for each detection its cell's position and its ``fields`` text fields.

    A blank cell, ``None`` or NaN holds no detection. A cell whose field count is not a multiple of
    ``fields`` is invalid: "{where} '{id}': PredictionString must hold {fields} fields per {unit}
    ({layout}), got {count}".
    """
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
