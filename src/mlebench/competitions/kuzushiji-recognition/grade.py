"""Kuzushiji Recognition: F1 of predicted character centres against the true boxes.

Rows are matched by image_id; a prediction is ``<unicode> X Y`` triples separated by single
spaces (blank = no characters); v1's validity rule: the count of fields is a multiple of three
and every X and Y is a number. Scored by ``grading.metrics.kuzushiji_f1``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import kuzushiji_f1
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
    preds = sub["labels"].to_numpy(dtype=object)
    for image_id, pred in zip(sub["image_id"], preds):
        _check(image_id, pred)
    return kuzushiji_f1(list(ans["labels"].to_numpy(dtype=object)), list(preds))
