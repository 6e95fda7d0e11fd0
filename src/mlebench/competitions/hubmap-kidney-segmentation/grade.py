"""Mean Dice coefficient over the test images, matched by id; run-length masks compared as runs.

Masks are 1-indexed ``start length`` pairs numbered top to bottom, then left to right, on the
image's ``height_pixels`` x ``width_pixels`` grid; starts must increase, runs must not overlap and
must lie inside the image (v1 asserted sorted, positive, non-overlapping runs). A blank mask is
empty; an image whose predicted and true masks are both empty scores 1 (v1). The real images hold
up to ~1.6 billion pixels, so the masks are never drawn: |P|, |T| and |P ∩ T| come from the runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.submission import align


def runs(rle, n_pixels: int, where: str) -> tuple[np.ndarray, np.ndarray]:
    """0-based half-open ``(starts, ends)`` of a run-length string, validated."""
    if rle is None or (isinstance(rle, float) and np.isnan(rle)) or str(rle).strip() == "":
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    try:
        nums = np.asarray(str(rle).split(), dtype=np.int64)
    except (ValueError, OverflowError):
        raise InvalidSubmissionError(f"{where}: the mask must be integers, got '{str(rle)[:40]}'") from None
    if len(nums) % 2:
        raise InvalidSubmissionError(f"{where}: the mask must hold start length pairs (an even count of numbers)")
    starts, lengths = nums[0::2] - 1, nums[1::2]
    if (starts < 0).any() or (lengths < 1).any() or (lengths > n_pixels - starts).any():
        raise InvalidSubmissionError(f"{where}: the mask has a run that is empty or outside the image")
    ends = starts + lengths
    if (starts[1:] < ends[:-1]).any():
        raise InvalidSubmissionError(f"{where}: the mask's runs must be sorted by start and must not overlap")
    return starts, ends


def overlap(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> int:
    """Pixels covered by both sets of disjoint runs: a sweep over the run boundaries."""
    pos = np.concatenate([a[0], a[1], b[0], b[1]])
    step = np.concatenate([np.ones(len(a[0])), -np.ones(len(a[1])), np.ones(len(b[0])), -np.ones(len(b[1]))]).astype(np.int64)
    order = np.argsort(pos, kind="stable")
    pos, depth = pos[order], np.cumsum(step[order])
    return int(((np.diff(pos)) * (depth[:-1] == 2)).sum()) if len(pos) else 0


def dice_from_runs(pred, true) -> float:
    total = int((pred[1] - pred[0]).sum() + (true[1] - true[0]).sum())
    return 1.0 if total == 0 else 2 * overlap(pred, true) / total


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers[["id", "encoding"]].rename(columns={"encoding": "predicted"}),
                     id_column="id", target_columns=["predicted"], allow_nan=True)
    sizes = answers["height_pixels"].astype(np.int64).to_numpy() * answers["width_pixels"].astype(np.int64).to_numpy()
    scores = [
        dice_from_runs(runs(p, n, f"id {i}"), runs(t, n, f"answers id {i}"))
        for i, p, t, n in zip(ans["id"], sub["predicted"].to_numpy(dtype=object), ans["predicted"].to_numpy(dtype=object), sizes)
    ]
    return float(np.mean(scores))
