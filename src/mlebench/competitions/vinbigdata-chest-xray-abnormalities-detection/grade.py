"""VinBigData chest X-ray: v1's COCO-style mean average precision at IoU 0.4 (pycocotools'
``COCOeval`` on bounding boxes, ``stats[0]`` with the IoU thresholds replaced by 0.4), computed
here without pycocotools.

``PredictionString`` holds boxes of 6 space-separated fields, ``class_id confidence x_min y_min
x_max y_max``; a blank cell means no box. The answers (``answers.csv``) hold one box per image and
finding (``class_id`` 14, "No finding", is the box ``0 0 1 1``).

What v1's use of ``COCOeval`` computes, reproduced exactly:
- boxes are handed to pycocotools as ``[x_min, y_min, x_max, y_max]`` where it expects
  ``[x, y, width, height]``, so IoU is taken between the rectangles ``[x_min, x_min + x_max] x
  [y_min, y_min + y_max]`` (both sides alike);
- a box's area for the "all" range ``[0, 1e10]`` is ``(x_max - x_min) * (y_max - y_min)``: true
  boxes outside it are ignored, and so are unmatched predictions outside it;
- per image and class, predictions by descending confidence (ties in written order), the first 100
  only; each is matched to the still-free true box with the highest IoU >= 0.4 (the last one on
  ties, regular boxes before ignored ones);
- per class of the answers: all images' predictions sorted by confidence (stable, images in the
  answers' order), cumulative precision/recall, precision made monotone, read at the 101 recall
  points 0, 0.01, ..., 1 (0 past the last recall); AP is their mean, and the score is the mean AP
  over the classes that have a true box. Predicted classes absent from the answers are ignored.

Fixed in place: v1 numbered boxes from 0 and pycocotools treats a match with id 0 as "no match",
so the answers' first box could never be found (the answers themselves scored below 1) and the
submission's first box could take a true box without keeping it (the score depended on row order);
here every match counts. v1 also crashed under numpy >= 2.3 (a 1-element array turned into an int)
and on blank or malformed cells, and checked only the set of image ids.

Invalid: rows not matched by image_id (duplicated, missing or unknown), a field count not a
multiple of 6, a field that is not a finite number, a class_id that is not an integer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.answers import once_per_answers
from mlebench.grading.detection import all_numbers, position_in_group, split_detections_with_numbers
from mlebench.grading.submission import align

ID, TARGET = "image_id", "PredictionString"
FIELDS = 6
IOU_THRESHOLD = 0.4
MAX_DETS = 100
AREA_RANGE = (0.0, 1e5**2)
RECALL_POINTS = np.linspace(0.0, 1.0, 101)


def parse(cells: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """One row per predicted box: img (row of the aligned submission), pos, cls, score, the four numbers."""
    img, table, numbers = split_detections_with_numbers(cells, ids, fields=FIELDS, numeric=range(FIELDS),
                                                        where="image_id", unit="box",
                                                        layout="class_id confidence x_min y_min x_max y_max")
    if not len(table):
        return pd.DataFrame({"img": np.zeros(0, int), "pos": np.zeros(0, int), "cls": np.zeros(0, int),
                             **{c: np.zeros(0) for c in ("score", "x0", "y0", "x1", "y1")}})
    try:
        numbers = table.astype(float) if numbers is None else numbers
    except ValueError:
        bad = next(k for k in range(len(table)) if not all_numbers(table[k]))
        raise InvalidSubmissionError(
            f"image_id '{ids[img[bad]]}': every field of a box must be a number, got '{' '.join(table[bad])[:80]}'") from None
    bad = ~np.isfinite(numbers).all(axis=1) | (numbers[:, 0] != np.round(numbers[:, 0]))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InvalidSubmissionError(
            f"image_id '{ids[img[k]]}': {int(bad.sum())} box(es) have a non-finite number or a class_id that is "
            f"not an integer, e.g. '{' '.join(table[k])[:80]}'")
    pos = position_in_group(img)
    return pd.DataFrame({"img": img, "pos": pos, "cls": numbers[:, 0].astype(np.int64), "score": numbers[:, 1],
                         "x0": numbers[:, 2], "y0": numbers[:, 3], "x1": numbers[:, 4], "y1": numbers[:, 5]})


def _iou(d: np.ndarray, g: np.ndarray) -> np.ndarray:
    """pycocotools' bbox IoU of d (n, 4) against g (n, m, 4), both read as (x, y, width, height)."""
    d = d[:, None, :]
    iw = np.minimum(d[..., 0] + d[..., 2], g[..., 0] + g[..., 2]) - np.maximum(d[..., 0], g[..., 0])
    ih = np.minimum(d[..., 1] + d[..., 3], g[..., 1] + g[..., 3]) - np.maximum(d[..., 1], g[..., 1])
    inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
    union = d[..., 2] * d[..., 3] + g[..., 2] * g[..., 3] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(inter > 0, inter / union, 0.0)


def _out_of_range(box: np.ndarray) -> np.ndarray:
    area = (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])
    return (area < AREA_RANGE[0]) | (area > AREA_RANGE[1])


BOX = ["x0", "y0", "x1", "y1"]


def class_ap(pred: pd.DataFrame, true: pd.DataFrame, n_images: int) -> float | None:
    """COCO AP of one class at the one IoU threshold (None when it has no regular true box)."""
    truth = _class_truth(true["img"].to_numpy(), true[BOX].to_numpy(), n_images)
    if truth is None:
        return None
    return _class_ap(pred["img"].to_numpy(), pred["pos"].to_numpy(), pred["score"].to_numpy(), pred[BOX].to_numpy(),
                     truth, n_images)


def _class_truth(t_img: np.ndarray, t_box: np.ndarray, n_images: int) -> tuple | None:
    """One class's true boxes laid out per image (read-only): (regular boxes, grid of boxes, grid of ignored
    flags, image and slot of each box, width); None when the class has no regular true box."""
    t_ign = _out_of_range(t_box)
    npig = int((~t_ign).sum())
    if npig == 0:
        return None
    # true boxes per image: regular first, then ignored, each in the answers' order
    order = np.lexsort((np.arange(len(t_img)), t_ign, t_img))
    t_img, t_box, t_ign = t_img[order], t_box[order], t_ign[order]
    slot = position_in_group(t_img)
    width = int(slot.max()) + 1
    g_box = np.zeros((n_images, width, 4))
    g_box[t_img, slot] = t_box
    g_ign = np.zeros((n_images, width), dtype=bool)
    g_ign[t_img, slot] = t_ign
    for a in (g_box, g_ign, t_img, slot):
        a.flags.writeable = False
    return npig, g_box, g_ign, t_img, slot, width


def _class_ap(d_img: np.ndarray, d_pos: np.ndarray, d_score: np.ndarray, d_box: np.ndarray, truth: tuple,
              n_images: int) -> float:
    npig, g_box, g_ign, t_img, slot, width = truth
    free = np.zeros((n_images, width), dtype=bool)
    free[t_img, slot] = True

    order = np.lexsort((d_pos, -d_score, d_img))
    d_img, d_score, d_box = d_img[order], d_score[order], d_box[order]
    rank = position_in_group(d_img)
    keep = rank < MAX_DETS
    d_img, d_score, d_box, rank = d_img[keep], d_score[keep], d_box[keep], rank[keep]

    matched = np.zeros(len(d_img), dtype=bool)
    matched_ignored = np.zeros(len(d_img), dtype=bool)
    has_truth = np.bincount(t_img, minlength=n_images)[d_img] > 0
    for r in range(int(rank[has_truth].max()) + 1 if has_truth.any() else 0):
        sel = np.flatnonzero((rank == r) & has_truth)
        imgs = d_img[sel]
        iou = _iou(d_box[sel], g_box[imgs])
        ok = free[imgs] & (iou >= IOU_THRESHOLD)
        regular = ok & ~g_ign[imgs]
        use = np.where(regular.any(axis=1)[:, None], regular, ok)  # a regular box wins over ignored ones
        masked = np.where(use, iou, -np.inf)
        best = width - 1 - masked[:, ::-1].argmax(axis=1)  # the last of equal IoUs, as pycocotools
        hit = use.any(axis=1)
        matched[sel[hit]] = True
        matched_ignored[sel[hit]] = g_ign[imgs[hit], best[hit]]
        free[imgs[hit], best[hit]] = False

    ignored = matched_ignored | (~matched & _out_of_range(d_box))
    order = np.lexsort((rank, d_img, -d_score))  # stable by confidence over the images' sorted lists
    tp = np.cumsum((matched & ~ignored)[order]).astype(float)
    fp = np.cumsum((~matched & ~ignored)[order]).astype(float)
    if len(tp) == 0:
        return 0.0
    recall = tp / npig
    precision = np.maximum.accumulate((tp / (tp + fp + np.spacing(1)))[::-1])[::-1]
    at = np.searchsorted(recall, RECALL_POINTS, side="left")
    q = np.where(at < len(precision), precision[np.minimum(at, len(precision) - 1)], 0.0)
    return float(q.mean())


def mean_average_precision(pred: pd.DataFrame, true: pd.DataFrame, n_images: int) -> float:
    return _mean_average_precision(pred, _truth(true, n_images), n_images)


def _truth(true: pd.DataFrame, n_images: int) -> list[tuple]:
    """``_class_truth`` of every class of the answers with a regular true box, in class order."""
    t_cls, t_img, t_box = true["cls"].to_numpy(), true["img"].to_numpy(), true[BOX].to_numpy()
    classes = [(c, _class_truth(t_img[t_cls == c], t_box[t_cls == c], n_images)) for c in np.unique(t_cls)]
    return [(c, truth) for c, truth in classes if truth is not None]


def _mean_average_precision(pred: pd.DataFrame, truth: list[tuple], n_images: int) -> float:
    p_cls, p_img, p_pos, p_score, p_box = (pred[c].to_numpy() for c in ("cls", "img", "pos", "score", BOX))
    aps = []
    for c, class_truth in truth:
        mine = p_cls == c
        aps.append(_class_ap(p_img[mine], p_pos[mine], p_score[mine], p_box[mine], class_truth, n_images))
    if not aps:
        raise ValueError("the answers hold no box inside the area range: mAP is undefined")
    return float(np.mean(aps))


def _answers(answers: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, list[tuple]]:
    """What the answers alone decide: (their images in first-seen order, the images' ids, ``_truth``)."""
    images = pd.DataFrame({ID: pd.unique(answers[ID])})
    index = pd.Series(np.arange(len(images)), index=images[ID].to_numpy())
    true = pd.DataFrame({"img": index.loc[answers[ID].to_numpy()].to_numpy(), "cls": answers["class_id"].to_numpy(np.int64),
                         "x0": answers["x_min"].to_numpy(float), "y0": answers["y_min"].to_numpy(float),
                         "x1": answers["x_max"].to_numpy(float), "y1": answers["y_max"].to_numpy(float)})
    ids = images[ID].to_numpy(dtype=object)
    ids.flags.writeable = False
    return images, ids, _truth(true, len(images))


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    columns = [ID, "class_id", "x_min", "y_min", "x_max", "y_max"]
    images, ids, truth = once_per_answers("vinbigdata truth", [answers[c] for c in columns], lambda: _answers(answers))
    sub, _ = align(submission, images, id_column=ID, target_columns=[TARGET], allow_nan=True)
    pred = parse(sub[TARGET].to_numpy(dtype=object), ids)
    return _mean_average_precision(pred, truth, len(images))
