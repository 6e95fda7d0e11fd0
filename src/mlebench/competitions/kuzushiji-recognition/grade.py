"""Kuzushiji Recognition: F1 of predicted character centres against the true boxes.

Rows are matched by image_id; a prediction is ``<unicode> X Y`` triples separated by single
spaces (blank = no characters); v1's validity rule: the count of fields is a multiple of three
and every X and Y is a number. Scored by ``grading.metrics.kuzushiji_f1``: as it is where any cell is oddly
written (for the messages); otherwise (``_pages``: single spaces, plain decimals) the same counts are taken
on all pages' pairs of a point and a box of its label at once (``_f1``), the answers' side kept once per
cached answers.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.answers import once_per_answers
from mlebench.grading.detection import equal_key_pairs, plain_numbers, split_fields, text_cells
from mlebench.grading.metrics import kuzushiji_f1, matched_points
from mlebench.grading.submission import align


def _check(image_id, pred) -> None:
    if pred is None or (isinstance(pred, float) and np.isnan(pred)):
        return
    if not isinstance(pred, str):
        raise InvalidSubmissionError(f"image '{image_id}': labels must be '<unicode> X Y' triples, got {pred!r}")
    parts = pred.split(" ")
    if len(parts) % 3:
        raise InvalidSubmissionError(
            f"image '{image_id}': labels must be '<unicode> X Y' triples separated by single spaces; "
            f"{len(parts)} fields is not a multiple of 3")
    try:
        np.asarray(parts[1::3] + parts[2::3], dtype=float)
    except ValueError:
        raise InvalidSubmissionError(f"image '{image_id}': X and Y must be numbers in '{pred[:60]}'") from None


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="image_id", target_columns=["labels"], allow_nan=True)
    truth = once_per_answers("kuzushiji truth", [ans["labels"]], lambda: _pages(ans["labels"], 5))
    pred = _pages(sub["labels"], 3) if truth is not None else None
    if pred is None:
        preds = sub["labels"].to_numpy(dtype=object)
        for image_id, p in zip(sub["image_id"], preds):
            _check(image_id, p)
        return kuzushiji_f1(list(ans["labels"].to_numpy(dtype=object)), list(preds))
    return _f1(truth, pred)


class _Page(NamedTuple):
    """Every page's characters in page then written order: the page, the label and the numbers of each."""

    page: np.ndarray
    label: pa.Array
    numbers: np.ndarray  # (k, 4) x y width height, or (k, 2) x y


# non-blank text of printable ASCII words separated by single spaces: str.split(" ") is str.split()
_PLAIN = r"^[!-~]+( [!-~]+)*$"


def _pages(values: pd.Series, width: int) -> _Page | None:
    """The characters of a text column of ``width``-field groups (``label`` and numbers), where every cell is
    missing or plainly written (``_PLAIN``, the right field count, plain decimal numbers read as Python
    reads them); None otherwise (the caller then checks and scores cell by cell, with messages)."""
    cells = text_cells(values)
    if cells is None or pc.any(pc.invert(pc.match_substring_regex(cells, _PLAIN))).as_py():  # nulls: no characters
        return None
    split = split_fields(cells)
    if split is None or (np.bincount(split[0], minlength=len(cells)) % width).any():
        return None
    page, fields = split
    numbers = plain_numbers(fields, width, range(1, width))
    if numbers is None:
        return None
    label = fields.take(pa.array(np.arange(0, len(fields), width)))
    page = page[0::width]
    page.flags.writeable = numbers.flags.writeable = False
    return _Page(page, label, numbers)


def _f1(truth: _Page, pred: _Page) -> float:
    """``kuzushiji_f1`` of the pages: a true box is matched by the first still-unused predicted point of its
    label strictly inside it. Pairs of a point and a box of its page and label are tested at once; a page
    where some point lies in two boxes is matched box by box as the metric does, every other page counts
    the boxes holding a point (no point can then be taken twice)."""
    vocabulary = pc.unique(truth.label)
    t_code, p_code = (pc.fill_null(pc.index_in(x.label, value_set=vocabulary), -1).to_numpy() for x in (truth, pred))
    v = max(len(vocabulary), 1)
    t_key, p_key = truth.page * v + t_code, np.where(p_code >= 0, pred.page * v + p_code, -1)  # -1: no such label
    box, point = equal_key_pairs(t_key, p_key)
    b, p = truth.numbers[box], pred.numbers[point]
    inside = (b[:, 0] < p[:, 0]) & (b[:, 0] + b[:, 2] > p[:, 0]) & (b[:, 1] < p[:, 1]) & (b[:, 1] + b[:, 3] > p[:, 1])
    point, box = point[inside], box[inside]
    shared = np.bincount(point, minlength=len(p_key)) > 1
    contested = np.unique(pred.page[shared])
    plain = ~np.isin(truth.page[box], contested)
    tp = len(np.unique(box[plain]))
    for page in contested:
        tp += _greedy(truth, pred, t_code, p_code, page)
    fp, fn = len(p_key) - tp, len(t_key) - tp
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return float(2 * precision * recall / (precision + recall))


def _greedy(truth: _Page, pred: _Page, t_code: np.ndarray, p_code: np.ndarray, page: int) -> int:
    """The boxes of one page matched one by one in written order, each by its first unused point inside."""
    t, p = np.flatnonzero(truth.page == page), np.flatnonzero(pred.page == page)
    return matched_points(truth.numbers[t], pred.numbers[p], t_code[t], p_code[p])
