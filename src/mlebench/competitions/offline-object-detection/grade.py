"""Mean average precision at IoU > 0.5 over the classes of the answers (Pascal VOC style).

Boxes are parsed and matched exactly as siim-covid19-detection does (its ``grade.py`` is reused):
``PredictionString`` holds groups of ``label confidence x_min y_min x_max y_max``; per class and
image, predictions taken by descending confidence are matched greedily to the unmatched true box of
that class with the highest IoU if it exceeds 0.5. Unlike siim's pooled pairs, a true box that is
never matched adds only to the number of positives (it is not a "(1, 0)" pair) and an image with
neither true nor predicted boxes adds nothing, so predicting nothing scores 0: a class's AP is
scikit-learn's average precision of the predictions (hit or not, by confidence; tied confidences
count together) with recall measured against all true boxes of the class. The score is the mean
over the answers' classes. A blank cell means no box; a field count that is not a multiple of 6,
a non-number, NaN or inf is invalid; rows are matched by id.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.registry import load_competition_module

SIIM = load_competition_module(Path(__file__).parent.parent / "siim-covid19-detection", "grade")


def class_ap(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> float:
    from sklearn.metrics import average_precision_score

    y, s = SIIM.class_pairs(pred, true, n_rows)
    hits, conf = y[: len(pred)], s[: len(pred)]  # the rest: misses (1, 0) and empty images (0, 0)
    if not hits.any():
        return 0.0
    return float(average_precision_score(hits, conf) * hits.sum() / len(true)) if not hits.all() else float(hits.sum() / len(true))


def mean_average_precision(pred: pd.DataFrame, true: pd.DataFrame, n_rows: int) -> float:
    labels = sorted(set(true["label"]))
    return float(np.mean([class_ap(pred[pred["label"] == c], true[true["label"] == c], n_rows) for c in labels])) if labels else 0.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = SIIM.align(submission, answers, id_column=SIIM.ID, target_columns=[SIIM.TARGET], allow_nan=True)
    ids = ans[SIIM.ID].to_numpy(dtype=object)
    pred = SIIM.parse(sub[SIIM.TARGET].to_numpy(dtype=object), ids, "id")
    true = SIIM.parse(ans[SIIM.TARGET].to_numpy(dtype=object), ids, "answers id")
    return mean_average_precision(pred, true, len(ans))
