"""The ``Grader`` a competition carries: runs its grade function with v1's rounding rules."""

from __future__ import annotations

import importlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading import leaderboard as lb

logger = logging.getLogger(__name__)

GradeFn = Callable[[pd.DataFrame, Any], float]


MAX_REASON_CHARS = 1000  # a reason may quote the submission, which is hostile (a 1 MB cell)


@dataclass(frozen=True)
class GradeResult:
    """A finite score; or ``invalid_reason`` (the submission's fault); or ``error`` (the grader's fault)."""

    score: float | None
    invalid_reason: str | None = None
    error: str | None = None

    def __post_init__(self) -> None:  # one line, bounded, whatever a grader put in its message
        for name in ("invalid_reason", "error"):
            text = getattr(self, name)
            if text is not None:
                text = text.replace("\r", "\\r").replace("\n", "\\n")
                text = text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS] + " …"
                object.__setattr__(self, name, text)


def import_fn(spec: str) -> Callable:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


class Grader:
    """Callable as ``grader(submission_df, answers) -> float | None`` (rounded to 5 decimals, as v1)."""

    def __init__(self, name: str, grade_fn: GradeFn | str, *, is_lower_better: bool | None = None) -> None:
        if not name:
            raise ValueError("grader name cannot be empty")
        self.name = name
        self._grade_fn = grade_fn
        self._lower = is_lower_better

    @property
    def grade_fn(self) -> GradeFn:
        if isinstance(self._grade_fn, str):
            self._grade_fn = import_fn(self._grade_fn)
        return self._grade_fn

    def grade(self, submission: pd.DataFrame, answers: Any) -> GradeResult:
        """Score a submission; an invalid one gives ``score=None`` and the reason.

        Any exception other than ``InvalidSubmissionError`` is a bug of ours, not the agent's: it is
        logged and returned as ``error`` (the submission can be graded again once it is fixed).
        A score that is not finite is never reported: the predictions that made the metric overflow
        are named instead.
        """
        try:
            with np.errstate(over="ignore"):  # an overflowing metric is caught below, as a non-finite score
                score = self.grade_fn(submission, answers)
        except InvalidSubmissionError as e:
            return GradeResult(None, str(e) or "invalid submission")
        except Exception as e:  # a grader bug must not stop the grading of other submissions
            logger.exception("unexpected error in grader %s", self.name)
            return GradeResult(None, error=f"{type(e).__name__}: {e}")
        if score is None:
            return GradeResult(None, error=f"grader {self.name} returned no score")
        score = float(score)
        if not math.isfinite(score):
            return GradeResult(None, f"the metric is {score} for this submission{_extreme_values(submission)}")
        return GradeResult(round(score, 5))
    def __call__(self, submission: pd.DataFrame, answers: Any) -> float | None:
        return self.grade(submission, answers).score

    def is_lower_better(self, leaderboard: pd.DataFrame | None = None) -> bool:
        """The configured direction; without one, v1's rule (first leaderboard score < last)."""
        if self._lower is not None:
            return self._lower
        if leaderboard is None:
            raise ValueError(f"grader {self.name} has no configured direction and no leaderboard")
        return bool(leaderboard["score"].iloc[0] < leaderboard["score"].iloc[-1])

    def rank_score(self, score: float | None, leaderboard: pd.DataFrame) -> dict[str, Any]:
        """v1-compatible: medals and thresholds of a score on a leaderboard."""
        lower = self.is_lower_better(leaderboard)
        t = lb.thresholds(leaderboard["score"], lower_is_better=lower)
        return {
            **lb.medals(score, t, lower_is_better=lower),
            "gold_threshold": t.gold,
            "silver_threshold": t.silver,
            "bronze_threshold": t.bronze,
            "median_threshold": t.median,
        }


def _extreme_values(submission: pd.DataFrame, limit: float = 1e100) -> str:
    """'': or where the submission's numbers are so large (or infinite) that a metric overflows."""
    found = []
    for c in submission.columns:
        if pd.api.types.is_numeric_dtype(submission[c]) and not pd.api.types.is_bool_dtype(submission[c]):
            big = ~(np.abs(submission[c].to_numpy(dtype=float)) < limit) & submission[c].notna().to_numpy()
            if big.any():
                rows = np.flatnonzero(big)[:5] + 1
                found.append(f"column '{c}' has {int(big.sum())} value(s) beyond ±{limit:g} (data row(s) {', '.join(map(str, rows))})")
    return ": " + "; ".join(found) if found else ""
