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
from mlebench.grading.answers import once_per_answers
from mlebench.grading.detection import all_numbers, position_in_group, split_detections_with_numbers
from mlebench.grading.submission import align

ID, TARGET = "id", "PredictionString"
FIELDS = 6
IOU_THRESHOLD = 0.5


def parse(cells, ids, what: str) -> pd.DataFrame:
    """One row per box: row (position in the table), pos (order in the cell), label, conf and the corners."""
    row, table, numbers = split_detections_with_numbers(cells, ids, fields=FIELDS, numeric=range(1, FIELDS), where=what,
                                                        unit="box", layout="label confidence x_min y_min x_max y_max")
    if not len(table):
        return pd.DataFrame({"row": np.zeros(0, int), "pos": np.zeros(0, int), "label": np.zeros(0, object),
                             **{c: np.zeros(0) for c in ("conf", "x0", "y0", "x1", "y1")}})
    try:
        numbers = table[:, 1:].astype(float) if numbers is None else numbers
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


BOX = ["x0", "y0", "x1", "y1"]


def class_pairs(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(y_true, score) pairs of one class (``pred`` and ``true`` hold only its boxes)."""
    return _class_pairs(pred["row"].to_numpy(), pred["pos"].to_numpy(), pred["conf"].to_numpy(), pred[BOX].to_numpy(),
                        true["row"].to_numpy(), true[BOX].to_numpy(), n_rows)


def _class_pairs(p_row: np.ndarray, p_pos: np.ndarray, p_conf: np.ndarray, p_box: np.ndarray, t_row: np.ndarray,
                 t_box: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """``class_pairs`` of one class's columns; the true boxes in row order, each row's in written order."""
    order = np.lexsort((p_pos, -p_conf, p_row))
    p_row, p_conf, p_box = p_row[order], p_conf[order], p_box[order]
    rank = position_in_group(p_row)

    n_true = np.bincount(t_row, minlength=n_rows)
    width = int(n_true.max()) if len(t_row) else 0
    slot = position_in_group(t_row)
    g_box = np.zeros((n_rows, max(width, 1), 4))
    g_box[t_row, slot] = t_box
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


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """scikit-learn's ``average_precision_score(y, s)`` of 0/1 labels holding a 1 and finite scores, as the
    same floats: over the distinct scores, highest first, the true and false positives at or above each
    (whole numbers, exact), precision tp / (tp + fp) and recall tp / all positives, reversed and closed with
    precision 1 at recall 0; AP = -(sum of the recall steps times the precisions), clipped at 0."""
    order = np.argsort(s, kind="stable")[::-1]
    ranked = s[order]
    ends = np.r_[np.flatnonzero(np.diff(ranked)), len(ranked) - 1]
    tps = np.cumsum(y[order].astype(np.float64))[ends]
    fps = 1 + ends.astype(np.float64) - tps
    precision = np.r_[(tps / (tps + fps))[::-1], 1.0]
    recall = np.r_[(tps / tps[-1])[::-1], 0.0]
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def _sklearn_average_precision(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return average_precision_score(y, s)


def mean_average_precision(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> float:
    return _mean_average_precision(pred, _truth(true), n_rows)


def _truth(true: pd.DataFrame) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """The answers' classes in order, each with its true boxes' rows and corners (read-only)."""
    label, row, box = true["label"].to_numpy(dtype=object), true["row"].to_numpy(), true[BOX].to_numpy()
    classes = []
    for name in sorted(set(label)):
        mine = label == name
        t_row, t_box = row[mine], box[mine]
        t_row.flags.writeable = t_box.flags.writeable = False
        classes.append((name, t_row, t_box))
    return classes


def _mean_average_precision(pred: pd.DataFrame, truth: list[tuple[str, np.ndarray, np.ndarray]], n_rows: int) -> float:
    p_label = pred["label"].to_numpy(dtype=object)
    p_row, p_pos, p_conf, p_box = (pred[c].to_numpy() for c in ("row", "pos", "conf", BOX))
    aps = []
    for label, t_row, t_box in truth:
        mine = p_label == label
        y, s = _class_pairs(p_row[mine], p_pos[mine], p_conf[mine], p_box[mine], t_row, t_box, n_rows)
        if y.all():
            raise ValueError(f"every pair of class '{label}' is positive: its AP is undefined (answers without a row lacking it)")
        aps.append(average_precision(y, s) if y.any() else _sklearn_average_precision(y, s))
    return float(np.mean(aps)) if aps else 0.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], allow_nan=True)
    ids = ans[ID].to_numpy(dtype=object)
    pred = parse(sub[TARGET].to_numpy(dtype=object), ids, "id")
    truth = once_per_answers("siim-covid19 truth", [ans[ID], ans[TARGET]],
                             lambda: _truth(parse(ans[TARGET].to_numpy(dtype=object), ids, "answers id")))
    return _mean_average_precision(pred, truth, len(ans))
