"""Grading: metrics, submission checks, leaderboard placement, report schema."""

from mlebench.grading._errors import InvalidSubmissionError

__all__ = ["InvalidSubmissionError"]
