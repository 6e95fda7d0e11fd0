"""TGS salt: mean over test images of the IoU-threshold precision of run-length-encoded masks.

Masks are 101 x 101, encoded as 1-indexed ``start length`` pairs numbered top-to-bottom then
left-to-right; a blank cell is an empty mask. v1's validity rules: runs sorted by start, starts
and lengths positive, runs not overlapping (and, here, inside the image). Version 1 keeps v1's
scoring of an empty prediction on an image with salt as a full-image mask
(``mean_iou_threshold_precision(empty_prediction_as_full=True)``); -v2 scores it 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import iou_threshold_precision_of_counts, mean_iou_threshold_precision
from mlebench.grading.answers import once_per_answers
from mlebench.grading.detection import text_cells
from mlebench.grading.rle import fill_runs, overlaps, parse_plain_runs, parse_runs, runs_to_mask
from mlebench.grading.submission import align

SIZE = 101


def _cells(values: pd.Series) -> list[str]:
    out = []
    for v in values.to_numpy(dtype=object):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, str):
            out.append(v)
        else:
            raise InvalidSubmissionError(f"'rle_mask' must hold run-length strings; found the value {v!r}")
    return out


def decode(rles: list[str], ids: pd.Series | None = None) -> np.ndarray:
    """(n, SIZE * SIZE) boolean masks, column-major; raise naming the image on a malformed string."""
    masks = np.zeros((len(rles), SIZE * SIZE), dtype=bool)
    for row, rle in enumerate(rles):
        if not rle.strip():
            continue
        where = f"image '{ids.iloc[row]}'" if ids is not None else f"row {row + 1}"
        starts, ends = parse_runs(rle, SIZE * SIZE, where, outside=f"the {SIZE}x{SIZE} image")
        masks[row] = runs_to_mask(starts, ends, SIZE * SIZE)
    return masks


def masks(values: pd.Series, ids: pd.Series | None = None) -> np.ndarray:
    """``decode`` of a column: all cells at once when every one is valid and plainly written, else cell by cell."""
    cells = text_cells(values)
    runs = parse_plain_runs(cells, SIZE * SIZE) if cells is not None else None
    if runs is None:
        return decode(_cells(values), ids)
    row, starts, ends = runs
    out = np.zeros((len(values), SIZE * SIZE), dtype=bool)
    fill_runs(out.reshape(-1), row * (SIZE * SIZE) + starts, row * (SIZE * SIZE) + ends)
    return out


def score(submission: pd.DataFrame, answers: pd.DataFrame, *, empty_prediction_as_full: bool) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["rle_mask"], allow_nan=True)
    cells = text_cells(sub["rle_mask"])
    pred_runs = parse_plain_runs(cells, SIZE * SIZE) if cells is not None else None
    true_runs = once_per_answers("tgs-salt runs", [ans["rle_mask"]], lambda: _plain_runs(ans["rle_mask"]))
    if pred_runs is not None and true_runs is not None and len(ans):
        return _score_on_runs(true_runs, pred_runs, len(ans), empty_prediction_as_full=empty_prediction_as_full)
    pred = masks(sub["rle_mask"], sub["id"])
    true = masks(ans["rle_mask"])
    return mean_iou_threshold_precision(true, pred, empty_prediction_as_full=empty_prediction_as_full)


def _plain_runs(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    cells = text_cells(values)
    runs = parse_plain_runs(cells, SIZE * SIZE) if cells is not None else None
    for a in runs or ():
        a.flags.writeable = False
    return runs


def _score_on_runs(true: tuple[np.ndarray, np.ndarray, np.ndarray], pred: tuple[np.ndarray, np.ndarray, np.ndarray],
                   n: int, *, empty_prediction_as_full: bool) -> float:
    """``mean_iou_threshold_precision`` of the masks the runs draw, from pixel counts taken on the runs
    (``rle.overlaps``): the same whole numbers, then the metric's own arithmetic on them."""
    n_true, n_pred = (np.bincount(r[0], weights=r[2] - r[1], minlength=n).astype(np.int64) for r in (true, pred))
    inter = overlaps(pred, true, np.full(n, SIZE * SIZE, dtype=np.int64))
    return iou_threshold_precision_of_counts(n_true, n_pred, inter, SIZE * SIZE,
                                             empty_prediction_as_full=empty_prediction_as_full)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return score(submission, answers, empty_prediction_as_full=True)
