"""Grading submissions for competitions: one CSV, or a JSONL list of many."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from mlebench.errors import MLEBenchError, NotPreparedError
from mlebench.grading import leaderboard as lb
from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.answers import AnswersCache, competition_answers
from mlebench.grading.grader import GradeResult
from mlebench.grading.report import CompetitionReport, aggregate_reports, json_safe
from mlebench.grading.submission import check_regular_file, read_csv
from mlebench.registry import Competition, Registry, registry as default_registry
from mlebench.utils import get_timestamp

logger = logging.getLogger(__name__)


def _require_prepared(competition: Competition) -> None:
    if not competition.answers.exists():
        raise NotPreparedError(competition.id, str(competition.data_dir))


GRADER_FAILED = "the grader failed on our side (not a problem with this submission; it has been logged)"


class _BoardScores:
    """A leaderboard's scores (read-only) and, per direction, its thresholds: computed once per board."""

    def __init__(self, path: Path) -> None:
        self.scores = lb.load_leaderboard(path)["score"].to_numpy(dtype=float, copy=True)
        self.scores.flags.writeable = False
        self._thresholds: dict[bool, lb.Thresholds] = {}

    def thresholds(self, lower_is_better: bool) -> lb.Thresholds:
        if lower_is_better not in self._thresholds:
            self._thresholds[lower_is_better] = lb.thresholds(self.scores, lower_is_better=lower_is_better)
        return self._thresholds[lower_is_better]


_boards = AnswersCache(max_entries=128, loader=_BoardScores, copier=lambda board: board)  # read once per process too


def grade_file(path: Path, competition: Competition, answers=None) -> GradeResult:
    """Grade a submission file: a score, the reason it is invalid, or the grader's own error."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return GradeResult(None, f"submission must be a .csv file, got '{path.name}'")
    try:
        check_regular_file(path)
        df = read_csv(path)
    except InvalidSubmissionError as e:
        return GradeResult(None, str(e))
    if answers is None:
        answers = competition_answers(competition)
    elif isinstance(answers, pd.DataFrame):  # the caller's frame (the validation service's, reused): not the grader's to change
        answers = answers.copy(deep=False)
    return competition.grader.grade(df, answers)


def score_submission(path: Path, competition: Competition, answers=None) -> tuple[float | None, str | None]:
    """Score a submission file; ``(None, reason)`` when it is missing or invalid, or when the grader failed."""
    result = grade_file(path, competition, answers)
    if result.error is not None:  # details stay in the harness's log, never in what an agent sees
        return None, GRADER_FAILED
    return result.score, result.invalid_reason


def grade_csv(path_to_submission: Path, competition: Competition, *, answers=None) -> CompetitionReport:
    """Grade one submission CSV and place it on the competition's leaderboard."""
    _require_prepared(competition)
    path = Path(path_to_submission)
    started = time.perf_counter()
    exists = path.is_file() and not path.is_symlink() and path.suffix.lower() == ".csv"
    if path.is_symlink() or path.exists():
        result = grade_file(path, competition, answers)
    else:
        result = GradeResult(None, f"submission file {path} does not exist")
    seconds = time.perf_counter() - started
    return build_report(
        competition, path, result.score, result.invalid_reason, exists=exists, grader_seconds=seconds, error=result.error
    )


def build_report(
    competition: Competition,
    path: Path,
    score: float | None,
    reason: str | None,
    *,
    exists: bool,
    grader_seconds: float | None = None,
    error: str | None = None,
) -> CompetitionReport:
    """The report of one graded submission; with ``error`` (the grader failed) validity is unknown."""
    lower = competition.is_lower_better
    fields: dict = dict(
        gold_threshold=None, silver_threshold=None, bronze_threshold=None, median_threshold=None,
        gold_medal=False, silver_medal=False, bronze_medal=False, above_median=False,
    )
    note = None
    used = lb.board(competition)  # the board medals are computed against, looked up once
    if used is not None:
        scores = _boards.get(used.path)
        if len(scores.scores):
            t = scores.thresholds(lower)
            fields.update(
                gold_threshold=t.gold, silver_threshold=t.silver, bronze_threshold=t.bronze, median_threshold=t.median,
                **lb.medals(score, t, lower_is_better=lower),
            )
            if score is not None:
                fields["leaderboard_percentile"] = lb.percentile(score, scores.scores, lower_is_better=lower)
                fields["leaderboard_rank"] = lb.rank(score, scores.scores, lower_is_better=lower)
            fields["leaderboard_size"] = len(scores.scores)
        else:
            note = "leaderboard is empty; medals not computed"
    else:
        note = lb.missing_note(competition)
    return CompetitionReport(
        competition_id=competition.id,
        score=score,
        any_medal=fields["gold_medal"] or fields["silver_medal"] or fields["bronze_medal"],
        submission_exists=exists,
        valid_submission=None if error is not None else score is not None,
        is_lower_better=lower,
        created_at=datetime.now(timezone.utc),
        submission_path=str(path),
        competition_version=competition.version,
        invalid_reason=reason,
        grading_error=error,
        medals_against=used.kind if used is not None else competition.config.leaderboard_kind,
        leaderboard_note=note,
        grader_seconds=grader_seconds,
        **fields,
    )


def validate_submission(submission: Path, competition: Competition) -> tuple[bool, str]:
    """Whether a submission would be graded, and why not. Never reveals a score."""
    _require_prepared(competition)
    result = grade_file(Path(submission), competition)
    if result.error is not None:
        return False, f"Submission could not be checked: {GRADER_FAILED}"
    if result.score is None:
        return False, f"Submission invalid: {result.invalid_reason}"
    return True, "Submission is valid."


def grade_entries(entries: Iterable[dict], registry: Registry = default_registry, *, jobs: int = 1) -> list[CompetitionReport]:
    """Grade ``{"competition_id", "submission_path"}`` entries (``jobs`` processes); each bad entry becomes an invalid report."""
    from mlebench.grading.batch import grade_many

    items = [(registry.get_competition(str(e.get("competition_id", ""))), Path(str(e.get("submission_path", ""))))
             for e in entries]
    return grade_many(items, jobs=jobs)


def grade_jsonl(path_to_submissions: Path, output_dir: Path, registry: Registry = default_registry, *, jobs: int = 1) -> Path:
    """Grade every submission listed in a JSONL file (``jobs`` processes); write and return the aggregated report path."""
    from mlebench.utils import read_jsonl

    path = Path(path_to_submissions)
    if not path.is_file():
        raise MLEBenchError(f"submissions file {path} does not exist")
    try:
        entries = read_jsonl(path, skip_commented_out_lines=True)
    except json.JSONDecodeError as e:
        raise MLEBenchError(f"{path} is not valid JSONL: {e}") from None
    for i, e in enumerate(entries, 1):
        if not isinstance(e, dict) or "competition_id" not in e or "submission_path" not in e:
            raise MLEBenchError(f"{path}: entry {i} needs 'competition_id' and 'submission_path'")
        registry.get_competition(str(e["competition_id"]))  # fail early on unknown ids
    report = aggregate_reports(grade_entries(entries, registry, jobs=jobs))
    return write_report(report, Path(output_dir))


def write_report(report: dict, output_dir: Path) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    out = output_dir / f"{get_timestamp()}_grading_report.json"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(json_safe(report), indent=2, allow_nan=False))
    tmp.replace(out)
    return out
