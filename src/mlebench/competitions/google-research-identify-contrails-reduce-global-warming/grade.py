"""Contrails: the global Dice coefficient over every test pixel of run-length-encoded masks.

A submission holds ``record_id, encoded_pixels`` (v1's sample also carries the answers' ``height``
and ``width`` columns; these two are accepted and ignored). Masks are encoded as 1-indexed
``start length`` pairs numbered top-to-bottom then left-to-right; ``-``, a blank cell or NaN is an
empty mask. v1's validity rules: starts sorted, starts and lengths positive, runs not overlapping;
here a run must also end inside the image (v1 cut it off silently). The score pools the pixels of
all records: 2 |X ∩ Y| / (|X| + |Y|) (1.0 when both are empty everywhere; v1 gave NaN).
v1 crashed on a blank cell instead of reading it as "no contrail"; fixed in place.

Speed: both columns are parsed at once (``rle.parse_plain_runs``) and the pixels in both masks
counted on the runs (``rle.overlaps``); cell by cell only when a mask is bad or oddly written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading.detection import text_cells
from mlebench.grading.rle import overlaps, parse_plain_runs, parse_runs, runs_to_mask
from mlebench.grading.submission import align

ID, TARGET = "record_id", "encoded_pixels"
IGNORED = ("height", "width")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text == "-" else text


def decode(value, size: int, where: str) -> np.ndarray:
    """A flat boolean mask of ``size`` pixels (column-major) from one cell; raise naming ``where``."""
    mask = np.zeros(size, dtype=bool)
    text = _text(value)
    if not text:
        return mask
    starts, ends = parse_runs(text, size, where, integers="integers or '-'", outside=f"the image ({size} pixels)")
    return runs_to_mask(starts, ends, size)


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, TARGET]].copy()


def _runs(column: pd.Series, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``parse_plain_runs`` of a column in which "-" (spaces around allowed) is an empty mask."""
    cells = text_cells(column)
    if cells is None:
        return None
    cells = pc.if_else(pc.equal(pc.utf8_trim(cells, " "), "-"), pa.scalar(None, cells.type), cells)
    return parse_plain_runs(cells, sizes)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    extra = [c for c in IGNORED if c in submission.columns]
    sub, ans = align(submission.drop(columns=extra), answers, id_column=ID, target_columns=[TARGET], allow_nan=True)
    sizes = ans["height"].to_numpy(dtype=np.int64) * ans["width"].to_numpy(dtype=np.int64)
    pred, true = _runs(sub[TARGET], sizes), _runs(ans[TARGET], sizes)
    if pred is not None and true is not None:
        inter = int(overlaps(pred, true, sizes).sum())
        n_true, n_pred = int((true[2] - true[1]).sum()), int((pred[2] - pred[1]).sum())
        return 1.0 if n_true + n_pred == 0 else 2.0 * inter / (n_true + n_pred)
    inter = n_true = n_pred = 0
    for sid, p_cell, t_cell, size in zip(sub[ID].to_numpy(dtype=object), sub[TARGET].to_numpy(dtype=object),
                                         ans[TARGET].to_numpy(dtype=object), sizes):
        p = decode(p_cell, int(size), f"record '{sid}'")
        t = decode(t_cell, int(size), f"answer of record '{sid}'")
        inter += int(np.count_nonzero(p & t))
        n_true += int(np.count_nonzero(t))
        n_pred += int(np.count_nonzero(p))
    return 1.0 if n_true + n_pred == 0 else 2.0 * inter / (n_true + n_pred)
