"""Grading a run group: one report per run, the group's report written atomically."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlebench.grading.batch import grade_many
from mlebench.grading.core import build_report, grade_csv
from mlebench.grading.report import CompetitionReport, aggregate_reports
from mlebench.registry import Competition, with_data_dir
from mlebench.runner.records import RunRecord
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.snapshots import FOLDER as SNAPSHOTS

SNAPSHOT_FIELDS = ("score", "valid_submission", "invalid_reason", "gold_medal", "silver_medal", "bronze_medal",
                   "above_median", "leaderboard_percentile")


Graded = Mapping[Path, CompetitionReport]
"""Reports already computed, by submission path (``grade_group`` grades a whole group's files at once)."""


def _grade(path: Path, competition: Competition, graded: Graded | None) -> CompetitionReport:
    done = (graded or {}).get(path)
    return done if done is not None else grade_csv(path, competition)


def grade_run(group: RunGroup, key: RunKey, data_dir: Path, *, agent_id: str | None = None,
              graded: Graded | None = None) -> CompetitionReport:
    """The report of one run of ``group`` (``agent_id``: the group's, read from its metadata when not given;
    ``graded``: reports of its files computed beforehand, by path)."""
    competition = with_data_dir(data_dir).get_competition(key.competition_id)
    found = group.run_record(key)
    record = found or RunRecord()
    path = group.run_dir(key) / "submission" / "submission.csv"
    if not record.finished:
        report = build_report(competition, path, None, "the run did not finish", exists=False)
    elif not path.exists():
        reason = (record.submission.reason if record.submission else None) or "no submission"
        report = build_report(competition, path, None, reason, exists=False)
    else:
        report = _grade(path, competition, graded)
    return report.model_copy(update=dict(
        seed=key.seed, run_id=key.run_id, agent_id=agent_id if agent_id is not None else group.metadata.agent_id,
        run_status=found.status.value if found else None,
        run_seconds=record.wall_seconds, peak_memory_mb=record.peak_memory_mb, cpu_seconds=record.cpu_seconds,
        prompt_tokens=record.usage_value("prompt_tokens"), completion_tokens=record.usage_value("completion_tokens"),
        cost_usd=record.usage_value("cost_usd"),
        time_limit_seconds=record.limits.time_seconds if record.limits else None,
        hardware=record.hardware.label() if record.hardware else None,
        env_profile=record.versions.profile if record.versions else None,
        snapshots=grade_snapshots(group, key, record, competition, graded) if record.finished else [],
    ))


def grade_snapshots(group: RunGroup, key: RunKey, record: RunRecord, competition: Competition,
                    graded: Graded | None = None) -> list[dict[str, Any]]:
    """Each kept snapshot of the run (see ``mlebench.runner.snapshots``) graded as if it were the submission:
    elapsed time, score, validity, medal, percentile. Each distinct content is graded once."""
    by_hash: dict[str, CompetitionReport] = {}
    out = []
    for snap in record.snapshots:
        if snap.sha256 not in by_hash:
            path = group.run_dir(key) / SNAPSHOTS / f"{snap.sha256}.csv"
            by_hash[snap.sha256] = _grade(path, competition, graded)
        rep = by_hash[snap.sha256]
        out.append(snap.model_copy(update={"medal": rep.medal.value,
                                           **{name: getattr(rep, name) for name in SNAPSHOT_FIELDS}}).to_json())
    return out


def grade_group(group: RunGroup, data_dir: Path, *, jobs: int = 1) -> tuple[Path, dict[str, Any]]:
    """Grade every run of ``group`` (its submissions and snapshots with up to ``jobs`` processes; the same
    reports as serial) and write its ``grading_report.json``; the path and the report."""
    agent_id = group.metadata.agent_id
    registry = with_data_dir(data_dir)
    files: dict[Path, Competition] = {}
    for key in group.keys():
        record = group.run_record(key)
        if record is None or not record.finished:
            continue
        competition = registry.get_competition(key.competition_id)
        run_dir = group.run_dir(key)
        for path in [run_dir / "submission" / "submission.csv",
                     *(run_dir / SNAPSHOTS / f"{s.sha256}.csv" for s in record.snapshots)]:
            if path.exists():
                files.setdefault(path, competition)
    graded = dict(zip(files, grade_many([(c, p) for p, c in files.items()], jobs=jobs)))
    reports = [grade_run(group, key, data_dir, agent_id=agent_id, graded=graded) for key in group.keys()]
    report = {"run_group": group.name, "agent_id": agent_id, **aggregate_reports(reports)}
    return group.write_grading_report(report), report
