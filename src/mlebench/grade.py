"""v1-compatible grading API (``from mlebench.grade import grade_csv, grade_jsonl, ...``)."""

from mlebench.grading.core import grade_csv, grade_jsonl, validate_submission
from mlebench.grading.report import aggregate_reports

__all__ = ["aggregate_reports", "grade_csv", "grade_jsonl", "validate_submission"]
