"""Grading a run group: one report per run, the group's report written atomically."""

from __future__ import annotations

from pathlib import Path

from mlebench.grading.core import build_report, grade_csv
from mlebench.grading.report import CompetitionReport, aggregate_reports, json_safe
from mlebench.registry import with_data_dir
from mlebench.runner.rungroup import FINAL_STATUSES, RunGroup, write_json_atomic


def grade_run(group: RunGroup, key, data_dir: Path) -> CompetitionReport:
    competition = with_data_dir(data_dir).get_competition(key.competition_id)
    run_dir = group.run_dir(key)
    record = group.run_record(key) or {}
    path = run_dir / "submission" / "submission.csv"
    if record.get("status") not in FINAL_STATUSES:
        report = build_report(competition, path, None, "the run did not finish", exists=False)
    elif not path.exists():
        reason = (record.get("submission") or {}).get("reason") or "no submission"
        report = build_report(competition, path, None, reason, exists=False)
    else:
        report = grade_csv(path, competition)
    usage = record.get("usage") or {}
    return report.model_copy(update=dict(
        seed=key.seed, run_id=key.run_id, agent_id=group.metadata.get("agent_id"),
        run_status=record.get("status"), run_seconds=record.get("wall_seconds"),
        peak_memory_mb=record.get("peak_memory_mb"), cpu_seconds=record.get("cpu_seconds"),
        prompt_tokens=usage.get("prompt_tokens"), completion_tokens=usage.get("completion_tokens"),
        cost_usd=usage.get("cost_usd"),
    ))


def grade_group(group: RunGroup, data_dir: Path) -> tuple[Path, dict]:
    reports = [grade_run(group, key, data_dir) for key in group.keys()]
    report = aggregate_reports(reports)
    meta = group.metadata
    report = {"run_group": group.name, "agent_id": meta.get("agent_id"), **report}
    out = group.root / "grading_report.json"
    write_json_atomic(out, json_safe(report))  # strict JSON: no NaN/Infinity tokens
    return out, report
