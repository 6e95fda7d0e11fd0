"""Contrails: the global Dice coefficient over every test pixel of run-length-encoded masks.

A submission holds ``record_id, encoded_pixels`` (v1's sample also carries the answers' ``height``
and ``width`` columns; these two are accepted and ignored). Masks are encoded as 1-indexed
``start length`` pairs numbered top-to-bottom then left-to-right; ``-``, a blank cell or NaN is an
empty mask. v1's validity rules: starts sorted, starts and lengths positive, runs not overlapping;
here a run must also end inside the image (v1 cut it off silently). The score pools the pixels of
all records: 2 |X ∩ Y| / (|X| + |Y|) (1.0 when both are empty everywhere; v1 gave NaN).
v1 crashed on a blank cell instead of reading it as "no contrail"; fixed in place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.submission import align

ID, TARGET = "record_id", "encoded_pixels"
IGNORED = ("height", "width")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text == "-" else text


def decode(value, size: int, where: str) -> np.ndarray:
    """A flat boolean mask of ``size`` pixels (column-major) from one cell; raise naming ``where``."""
    mask = np.zeros(size, dtype=bool)
    text = _text(value)
    if not text:
        return mask
    try:
        nums = np.asarray(text.split(), dtype=np.int64)
    except (ValueError, OverflowError):
        raise InvalidSubmissionError(f"{where}: run-length encoding must be integers or '-', got '{text[:40]}'") from None
    if len(nums) % 2:
        raise InvalidSubmissionError(f"{where}: run-length encoding must hold start length pairs")
    starts, lengths = nums[0::2] - 1, nums[1::2]
    if (starts < 0).any() or (lengths <= 0).any():
        raise InvalidSubmissionError(f"{where}: run starts and lengths must be positive integers")
    if (np.diff(starts) < 0).any():
        raise InvalidSubmissionError(f"{where}: runs must be sorted by start")
    ends = starts + lengths
    if (starts[1:] < ends[:-1]).any():
        raise InvalidSubmissionError(f"{where}: runs overlap")
    if ends[-1] > size:
        raise InvalidSubmissionError(f"{where}: a run ends outside the image ({size} pixels)")
    edges = np.zeros(size + 1, dtype=np.int32)
    np.add.at(edges, starts, 1)
    np.add.at(edges, ends, -1)
    return np.cumsum(edges[:-1]) > 0


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, TARGET]].copy()


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    extra = [c for c in IGNORED if c in submission.columns]
    sub, ans = align(submission.drop(columns=extra), answers, id_column=ID, target_columns=[TARGET], allow_nan=True)
    sizes = ans["height"].to_numpy(dtype=np.int64) * ans["width"].to_numpy(dtype=np.int64)
    inter = n_true = n_pred = 0
    for sid, pred, true, size in zip(sub[ID].to_numpy(dtype=object), sub[TARGET].to_numpy(dtype=object),
                                     ans[TARGET].to_numpy(dtype=object), sizes):
        p = decode(pred, int(size), f"record '{sid}'")
        t = decode(true, int(size), f"answer of record '{sid}'")
        inter += int(np.count_nonzero(p & t))
        n_true += int(np.count_nonzero(t))
        n_pred += int(np.count_nonzero(p))
    return 1.0 if n_true + n_pred == 0 else 2.0 * inter / (n_true + n_pred)
