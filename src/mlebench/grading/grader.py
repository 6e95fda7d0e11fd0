"""The ``Grader`` a competition carries: runs its grade function with v1's rounding rules."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading import leaderboard as lb

logger = logging.getLogger(__name__)

GradeFn = Callable[[pd.DataFrame, Any], float]


@dataclass(frozen=True)
class GradeResult:
    score: float | None
    invalid_reason: str | None = None


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
        """Score a submission; an invalid one gives ``score=None`` and the reason."""
        try:
            score = self.grade_fn(submission, answers)
        except InvalidSubmissionError as e:
            return GradeResult(None, str(e) or "invalid submission")
        except Exception as e:  # a grader bug must not stop the grading of other submissions
            logger.exception("unexpected error in grader %s", self.name)
            return GradeResult(None, f"internal grader error ({type(e).__name__}: {e})")
        if score is None:
            return GradeResult(None, "grader returned no score")
        score = float(score)
        if score != score:
            return GradeResult(None, "score is NaN")
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
