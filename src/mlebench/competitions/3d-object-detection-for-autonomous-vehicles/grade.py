"""Lyft 3D object detection: mean over test samples and IoU thresholds 0.5, 0.55, …, 0.95 of the
mean over the sample's true classes of the average precision of 3D boxes (v1's use of Lyft's
``mAP_evaluation.py``, computed here without shapely or pyquaternion).

``PredictionString`` holds objects of 9 space-separated fields, ``confidence center_x center_y
center_z width length height yaw class_name``; a blank cell means no object. Per sample and true
class, predictions of that class are taken by descending confidence (ties in written order); each
is compared with the sample's true boxes of its class, and if its best 3D IoU (first best in the
answers' order) exceeds the threshold and that box is still unmatched it is a true positive,
otherwise a false positive. AP is Lyft's: the area under the precision envelope over recall
(VOC style). Classes predicted but absent from a sample's truth are ignored; a true class without
predictions scores 0. IoU: the boxes' ground rectangles (width across, length along the yaw) are
intersected exactly, times the overlap of their vertical extents, over the union of volumes.

Invalid (v1 crashed or misread): rows not matched by Id (v1 sorted and compared), a field count not
a multiple of 9, a non-numeric or non-finite number, a size not positive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.answers import once_per_answers
from mlebench.grading.detection import all_numbers, equal_key_pairs, position_in_group, split_detections_with_numbers
from mlebench.grading.submission import align

ID, TARGET = "Id", "PredictionString"
THRESHOLDS = np.array([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95])
FIELDS = 9
EPS = 1e-9
CHUNK = 200_000


def parse(cells: np.ndarray, ids: np.ndarray, what: str) -> pd.DataFrame:
    """One row per object: sample (row number), pos (order within the row), name, score and the box."""
    sample, table, numbers = split_detections_with_numbers(
        cells, ids, fields=FIELDS, numeric=range(8), where=what, unit="object",
        layout="confidence x y z width length height yaw class")
    if not len(table):
        return pd.DataFrame({"sample": np.zeros(0, int), "pos": np.zeros(0, int), "name": np.zeros(0, object),
                             **{c: np.zeros(0) for c in ("score", "x", "y", "z", "w", "l", "h", "yaw")}})
    try:
        numbers = table[:, :8].astype(float) if numbers is None else numbers
    except ValueError:
        bad = next(k for k in range(len(table)) if not all_numbers(table[k, :8]))
        raise InvalidSubmissionError(
            f"{what} '{ids[sample[bad]]}': the first 8 fields of an object must be numbers, got "
            f"'{' '.join(table[bad, :8])[:80]}'") from None
    bad = ~np.isfinite(numbers).all(axis=1) | (numbers[:, 4:7] <= 0).any(axis=1)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InvalidSubmissionError(
            f"{what} '{ids[sample[k]]}': object numbers must be finite and width, length, height positive, got "
            f"'{' '.join(table[k, :8])[:80]}'")
    pos = position_in_group(sample)
    return pd.DataFrame({"sample": sample, "pos": pos, "name": table[:, 8], "score": numbers[:, 0],
                         "x": numbers[:, 1], "y": numbers[:, 2], "z": numbers[:, 3], "w": numbers[:, 4],
                         "l": numbers[:, 5], "h": numbers[:, 6], "yaw": numbers[:, 7]})


def corners(x, y, w, l, yaw) -> np.ndarray:
    """(n, 4, 2) ground rectangles, counter-clockwise (Lyft's corner order)."""
    c, s = np.cos(yaw), np.sin(yaw)
    along = np.stack([l / 2 * c, l / 2 * s], axis=-1)
    across = np.stack([w / 2 * s, -w / 2 * c], axis=-1)
    center = np.stack([x, y], axis=-1)
    return np.stack([center + along + across, center + along - across, center - along - across,
                     center - along + across], axis=1)


def _cross(a, b):
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def _inside(points, poly):
    """(n, k) whether each of k points lies in (or on) the convex counter-clockwise polygon."""
    ok = np.ones(points.shape[:2], dtype=bool)
    for j in range(poly.shape[1]):
        a, b = poly[:, j], poly[:, (j + 1) % poly.shape[1]]
        ok &= _cross((b - a)[:, None, :], points - a[:, None, :]) >= -EPS
    return ok


def intersection_area(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Areas of the intersections of pairs of convex quadrilaterals p[i], q[i] ((n, 4, 2) each)."""
    origin = p.mean(axis=1, keepdims=True)
    p, q = p - origin, q - origin  # small numbers
    # every edge i of p against every edge j of q at once, (n, 4, 4) in the order (i, j): elementwise the
    # same operations as one pair of edges at a time
    a, r = p[:, :, None, :], (np.roll(p, -1, axis=1) - p)[:, :, None, :]
    b, s = q[:, None, :, :], (np.roll(q, -1, axis=1) - q)[:, None, :, :]
    denom = _cross(r, s)
    safe = np.where(np.abs(denom) > EPS, denom, 1.0)
    t, u = _cross(b - a, s) / safe, _cross(b - a, r) / safe
    hit = (np.abs(denom) > EPS) & (t >= -EPS) & (t <= 1 + EPS) & (u >= -EPS) & (u <= 1 + EPS)
    crossings = (a + t[..., None] * r).reshape(len(p), 16, 2)
    pts = np.concatenate([p, q, crossings], axis=1)
    ok = np.concatenate([_inside(p, q), _inside(q, p), hit.reshape(len(p), 16)], axis=1)
    count = ok.sum(axis=1)
    centre = (pts * ok[..., None]).sum(axis=1) / np.maximum(count, 1)[:, None]
    rel = pts - centre[:, None, :]
    angle = np.where(ok, np.arctan2(rel[..., 1], rel[..., 0]), np.inf)
    order = np.argsort(angle, axis=1, kind="stable")
    n, m = order.shape
    rel = rel.reshape(n * m, 2)[(order + m * np.arange(n)[:, None]).ravel()].reshape(n, m, 2)
    k = np.arange(m)[None, :]
    following = np.concatenate([rel[:, 1:], rel[:, :1]], axis=1)  # point k + 1, and the first after the last
    last = np.flatnonzero(count > 0)
    following[last, count[last] - 1] = rel[last, 0]
    terms = _cross(rel, following)
    area = 0.5 * np.abs(np.where(k < count[:, None], terms, 0.0).sum(axis=1))
    return np.where(count >= 3, area, 0.0)


def iou(pred: pd.DataFrame, true: pd.DataFrame) -> np.ndarray:
    """3D IoU of row-paired boxes."""
    if len(pred) == 0:
        return np.zeros(0)
    pz0, pz1 = pred["z"].to_numpy() - pred["h"].to_numpy() / 2, pred["z"].to_numpy() + pred["h"].to_numpy() / 2
    tz0, tz1 = true["z"].to_numpy() - true["h"].to_numpy() / 2, true["z"].to_numpy() + true["h"].to_numpy() / 2
    height = np.maximum(0.0, np.minimum(pz1, tz1) - np.maximum(pz0, tz0))
    area = intersection_area(corners(*(pred[c].to_numpy() for c in ("x", "y", "w", "l", "yaw"))),
                             corners(*(true[c].to_numpy() for c in ("x", "y", "w", "l", "yaw"))))
    inter = area * height
    vp = pred["w"].to_numpy() * pred["l"].to_numpy() * pred["h"].to_numpy()
    vt = true["w"].to_numpy() * true["l"].to_numpy() * true["h"].to_numpy()
    return np.clip(inter / (vp + vt - inter), 0.0, 1.0)


def average_precision(tp: np.ndarray, n_true: int) -> float:
    """Lyft's AP of one class's predictions in confidence order (tp: 1/0 per prediction): recall
    and precision after each prediction, precision made non-increasing from the right, summed over
    the recall steps (padded with recall 0 and 1 at precision 0, as Lyft's ``get_ap``)."""
    tps = np.cumsum(tp)
    fps = np.cumsum(1 - tp)
    recalls = np.concatenate(([0.0], tps / n_true, [1.0]))
    precisions = np.concatenate(([0.0], tps / np.maximum(tps + fps, np.finfo(np.float64).eps), [0.0]))
    precisions = np.maximum.accumulate(precisions[::-1])[::-1]
    i = np.flatnonzero(recalls[1:] != recalls[:-1])
    return float(np.sum((recalls[i + 1] - recalls[i]) * precisions[i + 1]))


def _suffix_max(values: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Each value's maximum with the later values of its block (``block``: nondecreasing numbers).

    One running maximum over the reversed array: each value is replaced by its rank among the
    distinct values, offset by its block so that no block sees an earlier one's; exact."""
    distinct, rank = np.unique(values, return_inverse=True)
    key = (block.max(initial=0) - block) * len(distinct) + rank  # nondecreasing blocks once reversed
    top = np.maximum.accumulate(key[::-1])[::-1]
    return distinct[top % max(len(distinct), 1)]


def _grouped_average_precisions(group: np.ndarray, tp: np.ndarray, n_true: np.ndarray) -> np.ndarray:
    """``average_precision`` of every group at once: predictions sorted by group, then confidence.

    With r_0 = 0 and the padding of Lyft's formula, AP = sum over predictions k of
    (r_k - r_{k-1}) * max_{j >= k} p_j = sum_k tp_k * E_k / n_true (E_k: the precision envelope);
    the padded last step (1 - r_n) has envelope 0."""
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, len(group)]))
    tps = np.cumsum(tp)
    tps = tps - np.where(first > 0, tps[first - 1], 0.0)
    precision = tps / (np.arange(len(group)) - first + 1)
    envelope = _suffix_max(precision, np.cumsum(np.r_[True, group[1:] != group[:-1]]) if len(group) else group)
    return np.bincount(group, weights=tp * envelope, minlength=len(n_true)) / n_true


def best_matches(pred: pd.DataFrame, true: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per prediction: its best IoU with a true box of its sample and class, and that box's index in
    ``true`` (first best in the answers' order; -1 and 0.0 when none overlaps)."""
    best = np.zeros(len(pred))
    which = np.full(len(pred), -1)
    p_at, t_at = _pairs(pred, true)  # every (prediction, true box) of one sample and class
    if len(p_at) == 0:
        return best, which
    p_cols = {c: pred[c].to_numpy()[p_at] for c in ("x", "y", "z", "w", "l", "h", "yaw")}
    t_cols = {c: true[c].to_numpy()[t_at] for c in ("x", "y", "z", "w", "l", "h", "yaw")}
    # boxes whose ground circles or vertical extents do not meet cannot overlap
    reach = 0.5 * (np.hypot(p_cols["w"], p_cols["l"]) + np.hypot(t_cols["w"], t_cols["l"]))
    near = (np.hypot(p_cols["x"] - t_cols["x"], p_cols["y"] - t_cols["y"]) <= reach + EPS) & (
        np.abs(p_cols["z"] - t_cols["z"]) < (p_cols["h"] + t_cols["h"]) / 2)
    p_at, t_at = p_at[near], t_at[near]
    p_cols, t_cols = ({c: v[near] for c, v in cols.items()} for cols in (p_cols, t_cols))
    values = np.zeros(len(p_at))
    for lo in range(0, len(p_at), CHUNK):
        sl = slice(lo, lo + CHUNK)
        values[sl] = iou(pd.DataFrame({c: v[sl] for c, v in p_cols.items()}),
                         pd.DataFrame({c: v[sl] for c, v in t_cols.items()}))
    p, t = pred.index.to_numpy()[p_at], true.index.to_numpy()[t_at]
    keep = values > 0
    p, t, values = p[keep], t[keep], values[keep]
    order = np.lexsort((t, -values, p))  # per prediction the best IoU, then the first box
    p, t, values = p[order], t[order], values[order]
    first = np.r_[True, p[1:] != p[:-1]] if len(p) else np.zeros(0, dtype=bool)
    best[p[first]] = values[first]
    which[p[first]] = t[first]
    return best, which


def _pairs(pred: pd.DataFrame, true: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The positions of every (prediction, true box) pair of one sample and class name."""
    codes, names = pd.factorize(np.concatenate([true["name"].to_numpy(dtype=object), pred["name"].to_numpy(dtype=object)]))
    v = max(len(names), 1)
    t_at, p_at = equal_key_pairs(true["sample"].to_numpy() * v + codes[:len(true)],
                                 pred["sample"].to_numpy() * v + codes[len(true):])
    return p_at, t_at


def score(pred: pd.DataFrame, true: pd.DataFrame, n_samples: int) -> float:
    return _score(pred, _truth(true, n_samples), n_samples)


def _truth(true: pd.DataFrame, n_samples: int) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """What the answers alone decide: (true objects, objects per (sample, class), classes per sample)."""
    counts = true.groupby(["sample", "name"]).size()
    classes = true.groupby("sample")["name"].nunique().reindex(range(n_samples)).to_numpy()
    classes.flags.writeable = False
    return true, counts, classes


def _score(pred: pd.DataFrame, truth: tuple[pd.DataFrame, pd.Series, np.ndarray], n_samples: int) -> float:
    true, counts, classes = truth
    best, which = best_matches(pred, true)
    pred = pred.assign(best=best, which=which)
    keys = pd.MultiIndex.from_arrays([pred["sample"], pred["name"]])
    pred = pred[keys.isin(counts.index)]
    pred = pred.sort_values(["sample", "name", "score", "pos"], ascending=[True, True, False, True], kind="stable")
    group = counts.index.get_indexer(pd.MultiIndex.from_arrays([pred["sample"], pred["name"]]))
    n_true = counts.to_numpy(dtype=float)
    group_sample = counts.index.get_level_values(0).to_numpy()
    b, w = pred["best"].to_numpy(), pred["which"].to_numpy()
    ap_sum = np.zeros((n_samples, len(THRESHOLDS)))
    for t, threshold in enumerate(THRESHOLDS):
        hit = b > threshold
        tp = np.zeros(len(b))
        if hit.any():  # the first prediction (in confidence order) to reach a true box takes it
            taken = pd.Series(w[hit]).duplicated().to_numpy()  # box indices are unique across groups
            tp[np.flatnonzero(hit)[~taken]] = 1.0
        ap = _grouped_average_precisions(group, tp, n_true) if len(b) else np.zeros(len(n_true))
        ap_sum[:, t] = np.bincount(group_sample, weights=ap, minlength=n_samples)
    if np.isnan(classes).any():
        raise ValueError("every test sample must hold at least one true object")
    return float((ap_sum / classes[:, None]).mean())


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], allow_nan=True)
    ids = sub[ID].to_numpy(dtype=object)
    pred = parse(sub[TARGET].to_numpy(dtype=object), ids, "sample")
    truth = once_per_answers("3d-object-detection truth", [ans[ID], ans[TARGET]], lambda: _truth(
        parse(ans[TARGET].to_numpy(dtype=object), ids, "answer of sample"), len(ans)))
    return _score(pred, truth, len(ans))
