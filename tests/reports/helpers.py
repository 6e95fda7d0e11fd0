"""Constructed competition reports for hand-checked report tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlebench.grading.report import CompetitionReport, aggregate_reports


def entry(cid: str, *, medal: str = "none", valid: bool = True, exists: bool | None = None, above: bool | None = None,
          pct: float | None = None, seed: int | None = None, **extra: Any) -> dict:
    """A v1-shaped competition report dict (plus our additions); medal in gold/silver/bronze/none."""
    exists = valid if exists is None else exists
    above = (medal != "none") if above is None else above
    d = {
        "competition_id": cid,
        "score": 0.5 if valid else None,
        "gold_threshold": 0.9, "silver_threshold": 0.8, "bronze_threshold": 0.7, "median_threshold": 0.5,
        "any_medal": medal != "none",
        "gold_medal": medal == "gold", "silver_medal": medal == "silver", "bronze_medal": medal == "bronze",
        "above_median": above,
        "submission_exists": exists,
        "valid_submission": valid,
        "is_lower_better": False,
        "created_at": "2026-01-01T00:00:00",
        "submission_path": f"/x/{cid}.csv",
    }
    if pct is not None:
        d["leaderboard_percentile"] = pct
    if seed is not None:
        d["seed"] = seed
    d.update(extra)
    return d


def write_report(path: Path, entries: list[dict], *, ours: bool = True, **top: Any) -> Path:
    """A grading report file: ours (aggregate_reports) or v1-like (the same totals, entries untouched)."""
    if ours:
        report = aggregate_reports([CompetitionReport.from_dict(e) for e in entries])
    else:
        report = {"total_runs": len(entries), "competition_reports": entries}
    report.update(top)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report))
    return path


def write_group(folder: Path, entries: list[dict], *, agent_id: str = "dummy", competitions: list[str] | None = None,
                seeds: int = 3) -> Path:
    comps = competitions or list(dict.fromkeys(e["competition_id"] for e in entries))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metadata.json").write_text(json.dumps({
        "run_group": folder.name, "agent_id": agent_id, "created_at": "2026-01-01T00:00:00",
        "competitions": comps, "seeds": seeds,
    }))
    write_report(folder / "grading_report.json", entries, run_group=folder.name, agent_id=agent_id)
    return folder


def write_split(path: Path, ids: list[str]) -> Path:
    path.write_text("# test split\n" + "\n".join(ids) + "\n")
    return path
