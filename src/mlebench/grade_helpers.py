"""v1-compatible home of the grading helper classes (`from mlebench.grade_helpers import ...`)."""

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.grader import Grader
from mlebench.grading.report import CompetitionReport

__all__ = ["CompetitionReport", "Grader", "InvalidSubmissionError"]
