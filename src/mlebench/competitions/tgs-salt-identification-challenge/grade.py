"""TGS salt: mean over test images of the IoU-threshold precision of run-length-encoded masks.

Masks are 101 x 101, encoded as 1-indexed ``start length`` pairs numbered top-to-bottom then
left-to-right; a blank cell is an empty mask. v1's validity rules: runs sorted by start, starts
and lengths positive, runs not overlapping (and, here, inside the image). Version 1 keeps v1's
scoring of an empty prediction on an image with salt as a full-image mask
(``mean_iou_threshold_precision(empty_prediction_as_full=True)``); -v2 scores it 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import mean_iou_threshold_precision
from mlebench.grading.submission import align

SIZE = 101


def _cells(values: pd.Series) -> list[str]:
    out = []
    for v in values.to_numpy(dtype=object):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, str):
            out.append(v)
        else:
            raise InvalidSubmissionError(f"'rle_mask' must hold run-length strings; found the value {v!r}")
    return out


def decode(rles: list[str], ids: pd.Series | None = None) -> np.ndarray:
    """(n, SIZE * SIZE) boolean masks, column-major; raise naming the image on a malformed string."""
    masks = np.zeros((len(rles), SIZE * SIZE), dtype=bool)
    for row, rle in enumerate(rles):
        if not rle.strip():
            continue
        where = f"image '{ids.iloc[row]}'" if ids is not None else f"row {row + 1}"
        try:
            nums = np.asarray(rle.split(), dtype=np.int64)
        except (ValueError, OverflowError):
            raise InvalidSubmissionError(f"{where}: run-length encoding must be integers, got '{rle[:40]}'") from None
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
        if ends[-1] > SIZE * SIZE:
            raise InvalidSubmissionError(f"{where}: a run ends outside the {SIZE}x{SIZE} image")
        edges = np.zeros(SIZE * SIZE + 1, dtype=np.int32)
        np.add.at(edges, starts, 1)
        np.add.at(edges, ends, -1)
        masks[row] = np.cumsum(edges[:-1]) > 0
    return masks


def score(submission: pd.DataFrame, answers: pd.DataFrame, *, empty_prediction_as_full: bool) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["rle_mask"], allow_nan=True)
    pred = decode(_cells(sub["rle_mask"]), sub["id"])
    true = decode(_cells(ans["rle_mask"]))
    return mean_iou_threshold_precision(true, pred, empty_prediction_as_full=empty_prediction_as_full)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return score(submission, answers, empty_prediction_as_full=True)
