"""Vesuvius ink detection: mean over test fragments of the pixel F0.5 score of run-length masks.

A submission holds ``Id, Predicted``, one row per fragment under ``test/``. Masks are 1-indexed
``start length`` pairs numbered left to right, then top to bottom (row-major); a blank cell or NaN
is an empty mask ("no ink"; v1 rejected or crashed on it, fixed in place). v1's validity rules:
starts sorted, starts and lengths positive, runs not overlapping; here a run must also end inside
the fragment (v1 cut it off). Rows are matched by Id (v1 paired them by position). Each
fragment's size comes from the answers' ``width`` and ``height``; its score is
``grading.metrics.fbeta_score(beta=0.5)`` over all of its pixels, and fragments are averaged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading.metrics import fbeta_score
from mlebench.grading.rle import parse_runs, runs_to_mask
from mlebench.grading.submission import align

ID, TARGET = "Id", "Predicted"
BETA = 0.5


def decode(value, size: int, where: str) -> np.ndarray:
    """A flat boolean mask of ``size`` pixels (row-major) from one cell; raise naming ``where``."""
    mask = np.zeros(size, dtype=bool)
    if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
        return mask
    text = str(value).strip()
    starts, ends = parse_runs(text, size, where, outside=f"the fragment ({size} pixels)")
    return runs_to_mask(starts, ends, size)


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, TARGET]].copy()


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], allow_nan=True)
    sizes = ans["width"].to_numpy(dtype=np.int64) * ans["height"].to_numpy(dtype=np.int64)
    scores = []
    for fid, pred, true, size in zip(sub[ID].to_numpy(dtype=object), sub[TARGET].to_numpy(dtype=object),
                                     ans[TARGET].to_numpy(dtype=object), sizes):
        p = decode(pred, int(size), f"fragment '{fid}'")
        t = decode(true, int(size), f"answer of fragment '{fid}'")
        scores.append(fbeta_score(t, p, beta=BETA))
    return float(np.mean(scores))
