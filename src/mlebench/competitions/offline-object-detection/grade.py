"""Mean average precision over the IoU thresholds 0.5, 0.55, ..., 0.95 (COCO style) and the classes
of the answers, so a box must be placed precisely, not only near the object.

Boxes are parsed as siim-covid19-detection does (its ``grade.py`` is reused): ``PredictionString``
holds groups of ``label confidence x_min y_min x_max y_max``; a blank cell means no box; a field
count that is not a multiple of 6, a non-number, NaN or inf is invalid; rows are matched by id.
IoU is siim's (pixel corners, ``x_max``/``y_max`` exclusive). The thresholds are those of
3d-object-detection-for-autonomous-vehicles, compared strictly as there and in
tgs-salt-identification-challenge: a box with IoU 0.6 is a hit at 0.5 and 0.55 only.

At each threshold t, per class and image, predictions taken by descending confidence (ties in
written order) are matched greedily to the still-unmatched true box of that class with the highest
IoU, if that IoU exceeds t (siim's rule at 0.5). A class's AP at t is scikit-learn's average
precision of its predictions (hit or not, by confidence; tied confidences count together) with
recall measured against all true boxes of the class, so a true box never matched lowers recall and
predicting nothing scores 0. The score is the mean over thresholds and over the answers' classes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.grading.detection import position_in_group
from mlebench.registry import load_competition_module

HERE = Path(__file__).parent
SIIM = load_competition_module(HERE.parent / "siim-covid19-detection", "grade")
THRESHOLDS = load_competition_module(HERE.parent / "3d-object-detection-for-autonomous-vehicles", "grade").THRESHOLDS
BOX = ["x0", "y0", "x1", "y1"]


def class_hits(p_row: np.ndarray, p_pos: np.ndarray, p_conf: np.ndarray, p_box: np.ndarray, t_row: np.ndarray,
               t_box: np.ndarray, n_rows: int, thresholds: np.ndarray = THRESHOLDS) -> tuple[np.ndarray, np.ndarray]:
    """``(hits, conf)`` of one class's predictions (row, position in the cell, confidence, box) against
    its true boxes (row, box; in row order, then written order): ``hits[t, k]`` whether prediction k
    (in matching order, ``conf[k]`` its confidence) took a true box at ``thresholds[t]``."""
    order = np.lexsort((p_pos, -p_conf, p_row))
    p_row, p_conf, p_box = p_row[order], p_conf[order], p_box[order]
    rank = position_in_group(p_row)

    n_true = np.bincount(t_row, minlength=n_rows)
    slot = position_in_group(t_row)
    g_box = np.zeros((n_rows, max(int(n_true.max(initial=0)), 1), 4))
    g_box[t_row, slot] = t_box
    free = np.zeros((len(thresholds),) + g_box.shape[:2], dtype=bool)
    free[:, t_row, slot] = True

    hits = np.zeros((len(thresholds), len(p_row)), dtype=bool)
    contested = n_true[p_row] > 0
    for k in range(int(rank[contested].max(initial=-1)) + 1):
        sel = np.flatnonzero((rank == k) & contested)
        rows = p_row[sel]
        iou = np.where(free[:, rows], SIIM._iou(p_box[sel], g_box[rows])[None], -1.0)  # (T, n, width)
        best = iou.argmax(axis=2)  # first best, in the answers' order
        ok = np.take_along_axis(iou, best[..., None], axis=2)[..., 0] > thresholds[:, None]
        hits[:, sel] = ok
        t_ok, n_ok = np.nonzero(ok)
        free[t_ok, rows[n_ok], best[t_ok, n_ok]] = False
    return hits, p_conf


def average_precisions(hits: np.ndarray, conf: np.ndarray, n_true: int) -> np.ndarray:
    """Per row of ``hits`` (one per threshold), scikit-learn's ``average_precision_score(hit, conf)``
    times the share of the ``n_true`` true boxes found: the sum over distinct confidences, highest
    first, of the recall gained there times the precision of everything at or above it."""
    if not len(conf):
        return np.zeros(len(hits))
    order = np.argsort(-conf, kind="stable")
    ranked = conf[order]
    ends = np.flatnonzero(np.r_[ranked[1:] != ranked[:-1], True])  # last prediction of each tie group
    found = np.cumsum(hits[:, order], axis=1)[:, ends]
    gained = np.diff(found, axis=1, prepend=0)
    return (gained * found / (ends + 1)).sum(axis=1) / n_true


def mean_average_precision(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> float:
    """Mean over the answers' classes and the IoU thresholds of the class's AP."""
    p_label, t_label = pred["label"].to_numpy(), true["label"].to_numpy()
    p_row, p_pos, p_conf, p_box = (pred[c].to_numpy() for c in ("row", "pos", "conf", BOX))
    t_row, t_box = true["row"].to_numpy(), true[BOX].to_numpy()
    aps = []
    for label in sorted(set(t_label)):
        p, t = p_label == label, t_label == label
        hits, conf = class_hits(p_row[p], p_pos[p], p_conf[p], p_box[p], t_row[t], t_box[t], n_rows)
        aps.append(average_precisions(hits, conf, int(t.sum())))
    return float(np.mean(aps)) if aps else 0.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = SIIM.align(submission, answers, id_column=SIIM.ID, target_columns=[SIIM.TARGET], allow_nan=True)
    ids = ans[SIIM.ID].to_numpy(dtype=object)
    pred = SIIM.parse(sub[SIIM.TARGET].to_numpy(dtype=object), ids, "id")
    true = SIIM.parse(ans[SIIM.TARGET].to_numpy(dtype=object), ids, "answers id")
    return mean_average_precision(pred, true, len(ans))
