"""Integrity checks of finished runs: rule review (``review.json``) and code plagiarism (``plagiarism.json``)."""

from mlebench.integrity.models import Evidence, Finding, LLMReview, LLMVerdict, PlagiarismReport, ReviewReport, RunReview
from mlebench.integrity.plagiarism import check_group
from mlebench.integrity.review import review_group

__all__ = [
    "Evidence",
    "Finding",
    "LLMReview",
    "LLMVerdict",
    "PlagiarismReport",
    "ReviewReport",
    "RunReview",
    "check_group",
    "review_group",
]
