"""Scores on a common scale: 0 is the sample submission, 1 is the best achievable (issue 19).

Raw scores cannot be compared across competitions (an AUC of 0.9, an RMSE of 3.0). The normalised
score ``(score - sample) / (ceiling - sample)`` can: 0 means no better than submitting the sample
file as it is, 1 means the ceiling, negative means worse than the sample. It works unchanged for
lower-is-better metrics (both differences are negative there).

The floor is the sample submission's score on the answers (computed from the prepared data). The
ceiling is the config's ``ceiling: {score, method}`` (offline competitions: the score of the
generating process's own predictions on the test set), else, for a Kaggle competition, the best
score on its leaderboard.
"""

from __future__ import annotations

import math

from mlebench.errors import MLEBenchError
from mlebench.grading import leaderboard as lb
from mlebench.grading.core import score_submission
from mlebench.registry import Competition


def ceiling(competition: Competition) -> float:
    """The best achievable score: the config's ``ceiling.score``, else the leaderboard's best score."""
    declared = competition.config.extra.get("ceiling")
    if declared is not None:
        if not isinstance(declared, dict) or not isinstance(declared.get("score"), int | float):
            raise MLEBenchError(f"{competition.id}: config 'ceiling' must be {{score: <number>, method: <text>}}")
        return float(declared["score"])
    if not competition.leaderboard.exists():
        raise MLEBenchError(f"{competition.id}: no 'ceiling' in its config and no leaderboard to take one from")
    scores = lb.load_leaderboard(competition.leaderboard)["score"]
    if not len(scores):
        raise MLEBenchError(f"{competition.id}: its leaderboard is empty; no ceiling")
    return float(lb.sorted_scores(scores, lower_is_better=competition.is_lower_better)[0])


def floor_and_ceiling(competition: Competition) -> tuple[float, float]:
    """``(sample_score, ceiling)``: the sample submission's score on the answers, and ``ceiling``."""
    sample, reason = score_submission(competition.sample_submission, competition)
    if sample is None:
        raise MLEBenchError(f"{competition.id}: its sample submission does not score ({reason})")
    return float(sample), ceiling(competition)


def normalised(score: float, sample: float, ceiling: float) -> float:
    """``(score - sample) / (ceiling - sample)``: 0 at the sample submission, 1 at the ceiling."""
    if not all(math.isfinite(v) for v in (score, sample, ceiling)):
        raise ValueError(f"normalised() needs finite numbers, got score={score}, sample={sample}, ceiling={ceiling}")
    if ceiling == sample:
        raise ValueError(f"the ceiling equals the sample score ({sample}): nothing to normalise against")
    return (score - sample) / (ceiling - sample)


__all__ = ["ceiling", "floor_and_ceiling", "normalised"]
