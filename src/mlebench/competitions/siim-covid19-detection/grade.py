"""SIIM-FISABIO-RSNA COVID-19: v1's mean average precision at IoU > 0.5 over the answers' classes,
study rows (negative, typical, indeterminate, atypical with the whole-image box ``0 0 1 1``) and
image rows (``none 0 0 1 1``, ``opacity`` boxes) pooled in one table.

``PredictionString`` holds boxes of 6 space-separated fields, ``label confidence x_min y_min x_max
y_max``; a blank cell means no box (v1 crashed on it). For each class of the answers, and each row:
the row's predictions of that class are taken by descending confidence (ties in written order);
each is matched to the still-unmatched true box of that class with the highest IoU, if that IoU
exceeds 0.5 (first best in the answers' order): a true positive ``(1, confidence)``, else a false
positive ``(0, confidence)``. Every unmatched true box adds ``(1, 0)``; a row with neither true nor
predicted boxes of the class adds ``(0, 0)``. The class's AP is scikit-learn's
``average_precision_score`` over all rows' pairs, and the score is the mean over classes. Labels
not in the answers are ignored. IoU is v1's arithmetic: the clipped overlap over
``area1 + area2 - overlap`` (0 when that is not positive); boxes are not checked for orientation.

Invalid (v1 crashed or misread): rows not matched by id (v1 sorted and compared), a field count not
a multiple of 6, a confidence or coordinate that is not a finite number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.detection import all_numbers, position_in_group, split_detections
from mlebench.grading.submission import align

ID, TARGET = "id", "PredictionString"
FIELDS = 6
IOU_THRESHOLD = 0.5


def parse(cells, ids, what: str) -> pd.DataFrame:
    """One row per box: row (position in the table), pos (order in the cell), label, conf and the corners."""
    row, table = split_detections(cells, ids, fields=FIELDS, where=what, unit="box",
                                  layout="label confidence x_min y_min x_max y_max")
    if not len(table):
        return pd.DataFrame({"row": np.zeros(0, int), "pos": np.zeros(0, int), "label": np.zeros(0, object),
                             **{c: np.zeros(0) for c in ("conf", "x0", "y0", "x1", "y1")}})
    try:
        numbers = table[:, 1:].astype(float)
    except ValueError:
        bad = next(k for k in range(len(table)) if not all_numbers(table[k, 1:]))
        raise InvalidSubmissionError(
            f"{what} '{ids[row[bad]]}': confidence and box of a prediction must be numbers, got "
            f"'{' '.join(table[bad])[:80]}'") from None
    finite = np.isfinite(numbers).all(axis=1)
    if not finite.all():
        bad = int(np.flatnonzero(~finite)[0])
        raise InvalidSubmissionError(
            f"{what} '{ids[row[bad]]}': {int((~finite).sum())} box(es) hold NaN or inf, e.g. '{' '.join(table[bad])[:80]}'")
    pos = position_in_group(row)
    return pd.DataFrame({"row": row, "pos": pos, "label": table[:, 0], "conf": numbers[:, 0],
                         "x0": numbers[:, 1], "y0": numbers[:, 2], "x1": numbers[:, 3], "y1": numbers[:, 4]})


def _iou(p: np.ndarray, g: np.ndarray) -> np.ndarray:
    """v1's IoU of boxes p (n, 4) against g (n, m, 4), corners (x0, y0, x1, y1)."""
    p = p[:, None, :]
    w = np.maximum(0.0, np.minimum(p[..., 2], g[..., 2]) - np.maximum(p[..., 0], g[..., 0]))
    h = np.maximum(0.0, np.minimum(p[..., 3], g[..., 3]) - np.maximum(p[..., 1], g[..., 1]))
    inter = w * h
    union = (p[..., 2] - p[..., 0]) * (p[..., 3] - p[..., 1]) + (g[..., 2] - g[..., 0]) * (g[..., 3] - g[..., 1]) - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def class_pairs(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(y_true, score) pairs of one class (``pred`` and ``true`` hold only its boxes)."""
    box = ["x0", "y0", "x1", "y1"]
    order = np.lexsort((pred["pos"].to_numpy(), -pred["conf"].to_numpy(), pred["row"].to_numpy()))
    p_row, p_conf = pred["row"].to_numpy()[order], pred["conf"].to_numpy()[order]
    p_box = pred[box].to_numpy()[order]
    rank = position_in_group(p_row)

    t_row = true["row"].to_numpy()  # answers parsed in row order, boxes in written order
    n_true = np.bincount(t_row, minlength=n_rows)
    width = int(n_true.max()) if len(t_row) else 0
    slot = position_in_group(t_row)
    g_box = np.zeros((n_rows, max(width, 1), 4))
    g_box[t_row, slot] = true[box].to_numpy()
    free = np.zeros((n_rows, max(width, 1)), dtype=bool)
    free[t_row, slot] = True

    hit = np.zeros(len(p_row), dtype=bool)
    contested = n_true[p_row] > 0
    for k in range(int(rank[contested].max()) + 1 if contested.any() else 0):
        sel = np.flatnonzero((rank == k) & contested)
        rows = p_row[sel]
        iou = np.where(free[rows], _iou(p_box[sel], g_box[rows]), -1.0)
        best = iou.argmax(axis=1)  # first best, in the answers' order
        ok = iou[np.arange(len(sel)), best] > IOU_THRESHOLD
        hit[sel[ok]] = True
        free[rows[ok], best[ok]] = False

    missed = int(free.sum())
    empty = int(((n_true == 0) & (np.bincount(p_row, minlength=n_rows) == 0)).sum())
    y = np.concatenate([hit.astype(int), np.ones(missed, int), np.zeros(empty, int)])
    s = np.concatenate([p_conf, np.zeros(missed + empty)])
    return y, s


def mean_average_precision(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> float:
    from sklearn.metrics import average_precision_score

    aps = []
    for label in sorted(set(true["label"])):
        y, s = class_pairs(pred[pred["label"] == label], true[true["label"] == label], n_rows)
        if y.all():
            raise ValueError(f"every pair of class '{label}' is positive: its AP is undefined (answers without a row lacking it)")
        aps.append(average_precision_score(y, s))
    return float(np.mean(aps)) if aps else 0.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], allow_nan=True)
    ids = ans[ID].to_numpy(dtype=object)
    pred = parse(sub[TARGET].to_numpy(dtype=object), ids, "id")
    true = parse(ans[TARGET].to_numpy(dtype=object), ids, "answers id")
    return mean_average_precision(pred, true, len(ans))
