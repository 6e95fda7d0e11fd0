"""Grading report schema: v1's per-competition fields by name, plus additions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = 2


class Medal(StrEnum):
    """The best medal a report won."""

    gold = "gold"
    silver = "silver"
    bronze = "bronze"
    none = "none"


def medal_of(report: Any) -> Medal:
    """The medal of a report: a :class:`CompetitionReport`, anything with its medal fields, or its JSON dict."""
    def won(name: str) -> bool:
        return bool(report.get(name) if isinstance(report, Mapping) else getattr(report, name, False))

    for medal in (Medal.gold, Medal.silver, Medal.bronze):
        if won(f"{medal.value}_medal"):
            return medal
    return Medal.none


class CompetitionReport(BaseModel):
    """One graded submission. Fields up to ``submission_path`` are v1's, unchanged."""

    model_config = ConfigDict(extra="allow", frozen=True)

    competition_id: str
    score: float | None
    gold_threshold: float | None
    silver_threshold: float | None
    bronze_threshold: float | None
    median_threshold: float | None
    any_medal: bool
    gold_medal: bool
    silver_medal: bool
    bronze_medal: bool
    above_median: bool
    submission_exists: bool
    valid_submission: bool | None  # None: not known, the grader failed (see grading_error)
    is_lower_better: bool
    created_at: datetime
    submission_path: str
    # additions (never renames)
    schema_version: int = REPORT_SCHEMA_VERSION
    competition_version: int | None = None
    invalid_reason: str | None = None
    grading_error: str | None = Field(
        default=None, description="the grader failed (a harness bug, not the agent's fault); grade again after a fix"
    )
    leaderboard_percentile: float | None = None
    leaderboard_rank: int | None = None
    leaderboard_size: int | None = None
    medals_against: str | None = Field(
        default=None,
        description="the board medals are computed against: 'kaggle-private-leaderboard' (the final human board, "
        "shipped or downloaded), 'kaggle-public-leaderboard' (a downloaded public board), 'reference-solutions' "
        "(offline suite); 'kaggle' when a Kaggle competition has no board (see leaderboard_note)",
    )
    leaderboard_note: str | None = None
    grader_seconds: float | None = None
    # filled in when the report belongs to a run of a run group
    seed: int | None = None
    run_id: str | None = None
    agent_id: str | None = None
    run_status: str | None = None
    run_seconds: float | None = None
    peak_memory_mb: float | None = None
    cpu_seconds: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None

    @property
    def medal(self) -> Medal:
        return medal_of(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (v1 method name)."""
        return json_safe(self.model_dump(mode="json"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CompetitionReport:
        """Read our reports and v1's (which lack the additions)."""
        return cls.model_validate(data)


def aggregate_reports(competition_reports: Sequence[CompetitionReport | dict[str, Any]]) -> dict[str, Any]:
    """v1's summary totals over a list of reports, plus the reports themselves."""
    reports = [r if isinstance(r, CompetitionReport) else CompetitionReport.from_dict(r) for r in competition_reports]
    gold = sum(r.gold_medal for r in reports)
    silver = sum(r.silver_medal for r in reports)
    bronze = sum(r.bronze_medal for r in reports)
    return {
        "total_runs": len(reports),
        "total_runs_with_submissions": sum(r.submission_exists for r in reports),
        "total_valid_submissions": sum(r.valid_submission is True for r in reports),
        "total_grading_errors": sum(r.grading_error is not None for r in reports),
        "total_medals": gold + silver + bronze,
        "total_gold_medals": gold,
        "total_silver_medals": silver,
        "total_bronze_medals": bronze,
        "total_above_median": sum(r.above_median for r in reports),
        "schema_version": REPORT_SCHEMA_VERSION,
        "competition_reports": [r.to_dict() for r in reports],
    }


def json_safe(data: Any) -> Any:
    """``data`` with every NaN or infinite float replaced by None, so that strict JSON can hold it."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: json_safe(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [json_safe(v) for v in data]
    return data
