"""``mlebench review``: rule checks over every run of a run group, written to ``runs/<group>/review.json``.

A run's verdict is the worst of its findings: ``violation`` when a check found a rule broken in code
(hand-typed labels, a reference to the answers), ``suspicious`` for a warning (blocked network, an
unconfigured model, no producing code, an LLM reviewer's doubt), ``clean`` otherwise.
"""

from __future__ import annotations

from pathlib import Path

from mlebench.errors import MLEBenchError
from mlebench.integrity._files import read_json
from mlebench.integrity.checks import CHECKS, LIMITATIONS, RunFiles, run_checks
from mlebench.integrity.llm import llm_findings, review_with_llm
from mlebench.integrity.models import Finding, ReviewReport, RunReview, Verdict
from mlebench.runner.rungroup import now, write_json_atomic

REVIEW_FILE = "review.json"


def open_group(group: Path) -> tuple[dict, list[Path]]:
    """The group's metadata and its run folders (those with a ``run.json``), or a one-line error."""
    if not group.is_dir():
        raise MLEBenchError(f"no run group at {group} (not a folder); pass a run group's folder, e.g. runs/<group>")
    metadata = read_json(group / "metadata.json")
    if metadata is None:
        raise MLEBenchError(f"{group} is not a run group: it has no readable metadata.json")
    runs = sorted(p for p in group.iterdir() if p.is_dir() and not p.is_symlink() and (p / "run.json").is_file())
    if not runs:
        raise MLEBenchError(f"run group {group} has no runs yet (no <competition>.<seed>/run.json)")
    return metadata, runs


def verdict_of(findings: list[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    return "violation" if "violation" in severities else "suspicious" if "warning" in severities else "clean"


def review_group(group: Path, *, llm_model: str | None = None, llm_base_url: str | None = None,
                 llm_api_key: str = "") -> ReviewReport:
    """Review every run of ``group`` and write ``review.json`` there."""
    metadata, run_dirs = open_group(group)
    names = [d.name for d in run_dirs]
    reviews = []
    for run_dir in run_dirs:
        run = RunFiles.load(run_dir, metadata, [n for n in names if n != run_dir.name])
        findings = run_checks(run)
        llm = None
        if llm_model and llm_base_url:
            llm = review_with_llm(run_dir.name, run.files, model=llm_model, base_url=llm_base_url, api_key=llm_api_key)
            findings += llm_findings(llm, run.files)
        status = run.record.get("status")
        reviews.append(RunReview(run_id=run_dir.name, status=status if isinstance(status, str) else None,
                                 verdict=verdict_of(findings), findings=findings, llm=llm))
    report = ReviewReport(run_group=group.name, created_at=now(),
                          checks=[*CHECKS, *(["llm-review"] if llm_model else [])],
                          limitations=LIMITATIONS, runs=reviews)
    write_report(group / REVIEW_FILE, report.model_dump(mode="json"))
    return report


def write_report(path: Path, data: dict) -> None:
    try:
        write_json_atomic(path, data)
    except OSError as e:
        raise MLEBenchError(f"cannot write {path}: {e.strerror or e}") from None
