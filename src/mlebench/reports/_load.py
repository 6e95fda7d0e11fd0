"""Reading what a report is built from: run group folders and grading report JSON files (ours or v1's).

A run is read through the grading report's model (``mlebench.grading.report.CompetitionReport``), so the
report schema is written down once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, ValidationError, model_validator

from mlebench.errors import MLEBenchError
from mlebench.grading.report import CompetitionReport

GRADING_REPORT = "grading_report.json"
METADATA = "metadata.json"
RESOURCE_FIELDS = ("run_seconds", "peak_memory_mb", "cpu_seconds", "prompt_tokens", "completion_tokens", "cost_usd")


_MEDALS = ("gold_medal", "silver_medal", "bronze_medal")
_FLAGS = ("any_medal", *_MEDALS, "above_median", "submission_exists", "valid_submission")


class RunResult(CompetitionReport):
    """One graded run as a report reads it: the grading report's own model, read leniently. A field a report
    lacks (v1's, or one written by hand) reads as None/False, a ``valid_submission`` of None (the grader failed)
    as not valid, and ``any_medal`` is derived from the three medals, as v1's aggregation does."""

    model_config = ConfigDict(extra="allow", frozen=True)

    score: float | None = None
    gold_threshold: float | None = None
    silver_threshold: float | None = None
    bronze_threshold: float | None = None
    median_threshold: float | None = None
    any_medal: bool = False
    gold_medal: bool = False
    silver_medal: bool = False
    bronze_medal: bool = False
    above_median: bool = False
    submission_exists: bool = False
    valid_submission: bool = False  # type: ignore[assignment]  # None (grader failed) reads as False here
    is_lower_better: bool | None = None  # type: ignore[assignment]
    created_at: datetime | None = None  # type: ignore[assignment]
    submission_path: str | None = None  # type: ignore[assignment]
    padded: bool = False  # a placeholder for a missing run (--pad-missing)
    history: tuple[tuple[float, float], ...] = ()  # (elapsed_seconds, score) of intermediate submissions
    snapshots: tuple[dict[str, Any], ...] = ()  # the graded snapshots of the submission (mlebench.runner.snapshots)
    time_limit_seconds: float | None = None
    hardware: str | None = None  # the run's share and the host's CPU/GPU models (HardwareRecord.label)
    env_profile: str | None = None
    budget_unknown: bool = False  # at(): no snapshots and not known to have ended by the budget: its state then is unknown

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = {k: v for k, v in data.items() if v is not None}
        for name in _FLAGS:
            if name in data:
                data[name] = bool(data[name])
        if "competition_id" in data:
            data["competition_id"] = str(data["competition_id"])
        data["any_medal"] = any(data.get(m, False) for m in _MEDALS)
        if "snapshots" in data:  # in time order; an entry without a numeric time is left out
            snaps = data["snapshots"] if isinstance(data["snapshots"], list) else []
            data["snapshots"] = sorted((x for x in snaps if isinstance(x, dict) and isinstance(
                x.get("elapsed_seconds"), int | float) and not isinstance(x.get("elapsed_seconds"), bool)),
                key=lambda x: x["elapsed_seconds"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        if not isinstance(data, dict) or "competition_id" not in data:
            keys = sorted(data)[:8] if isinstance(data, dict) else type(data).__name__
            raise MLEBenchError(f"a competition report has no 'competition_id': {keys}")
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(map(str, err["loc"]))
            raise MLEBenchError(f"competition report of {data['competition_id']}: {where}: {err['msg']}") from None

    @property
    def budget(self) -> tuple[float | None, str | None, str | None]:
        """What a number may pool over only when equal: (time limit, hardware, environment profile)."""
        return self.time_limit_seconds, self.hardware, self.env_profile

    def at(self, seconds: float) -> RunResult:
        """This run as if its time limit had been ``seconds``: its last snapshot at or before then (none: no
        submission). A run without snapshots is itself if it ended by then, else (its state then is unknown)
        no submission, marked ``budget_unknown``."""
        if self.padded:
            return self
        ran = self.run_seconds
        if not self.snapshots:
            if ran is not None and ran <= seconds:
                return self
            if not self.submission_exists:
                return self.model_copy(update={"run_seconds": None if ran is None else float(seconds)})
            return self._as_of(None, seconds, unknown=True)
        kept = [s for s in self.snapshots if s["elapsed_seconds"] <= seconds]
        return self._as_of(kept[-1] if kept else None, seconds)

    def _as_of(self, snap: dict[str, Any] | None, seconds: float, *, unknown: bool = False) -> RunResult:
        ran = None if self.run_seconds is None else min(self.run_seconds, seconds)
        if snap is None:
            update = {name: False for name in _FLAGS} | {
                "score": None, "leaderboard_percentile": None, "leaderboard_rank": None, "run_seconds": ran,
                "invalid_reason": f"no submission by {seconds:g}s", "budget_unknown": unknown}
        else:
            medals = {m: bool(snap.get(m)) for m in _MEDALS}
            update = {**medals, "any_medal": any(medals.values()), "score": snap.get("score"),
                      "valid_submission": bool(snap.get("valid_submission")), "submission_exists": True,
                      "above_median": bool(snap.get("above_median")), "invalid_reason": snap.get("invalid_reason"),
                      "leaderboard_percentile": snap.get("leaderboard_percentile"), "leaderboard_rank": None,
                      "run_seconds": ran, "grading_error": None}
        return self.model_copy(update=update)

    @classmethod
    def missing(cls, competition_id: str, seed: int | None) -> RunResult:
        """v1's zero report: no submission, no medal."""
        return cls(competition_id=competition_id, seed=seed, padded=True)


@dataclass
class Source:
    """One column of a report: one run group, one report file, or several combined."""

    label: str
    paths: list[Path]
    runs: list[RunResult]
    agent_id: str | None = None
    run_groups: list[str] = field(default_factory=list)
    competitions: list[str] = field(default_factory=list)  # what the run group(s) set out to run
    seeds_planned: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def seed_mode(self) -> str:
        """'seed-field' when every run names its seed uniquely, else v1's positional pairing."""
        if not self.runs or any(r.seed is None for r in self.runs):
            return "positional"
        keys = [(r.competition_id, r.seed) for r in self.runs]
        return "seed-field" if len(set(keys)) == len(keys) else "positional"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise MLEBenchError(f"{path} is not valid JSON: {e}") from None
    except OSError as e:
        raise MLEBenchError(f"cannot read {path}: {e.strerror}") from None


def _report_path(folder: Path) -> Path:
    path = folder / GRADING_REPORT
    if path.is_file():
        return path
    found = sorted(p for p in folder.glob("*grading_report*.json") if p.is_file())
    if len(found) == 1:
        return found[0]
    if not found:
        raise MLEBenchError(f"run group {folder} has no {GRADING_REPORT}; grade it first (mlebench run grades when runs finish)")
    raise MLEBenchError(f"run group {folder} has {len(found)} grading reports ({', '.join(p.name for p in found)}); keep one")


def _history(run_dir: Path) -> tuple[tuple[float, float], ...]:
    for path in (run_dir / "submission" / "history" / "history.json", run_dir / "submission" / "history.json"):
        if path.is_file():
            try:
                items = json.loads(path.read_text())
            except (json.JSONDecodeError, OSError):
                return ()
            points = [
                (float(i["elapsed_seconds"]), float(i["score"]))
                for i in items
                if isinstance(i, dict) and i.get("elapsed_seconds") is not None and i.get("score") is not None
            ]
            return tuple(sorted(points))
    return ()


def _run_dir(group: Path, run: RunResult) -> Path | None:
    names = [run.run_id] if run.run_id else []
    if run.seed is not None:
        names.append(f"{run.competition_id}.{run.seed}")
    for name in names:
        if name and (group / name).is_dir():
            return group / name
    return None


def _report_entries(report: Any, path: Path) -> list[dict]:
    if not isinstance(report, dict) or not isinstance(report.get("competition_reports"), list):
        raise MLEBenchError(f"{path} is not a grading report (no 'competition_reports' list)")
    return report["competition_reports"]


def load_path(path: Path) -> tuple[list[RunResult], dict[str, Any]]:
    """Runs and metadata of one run group folder or grading report file."""
    path = Path(path)
    if path.is_dir():
        report_file = _report_path(path)
        meta = _read_json(path / METADATA) if (path / METADATA).is_file() else {}
        report = _read_json(report_file)
        runs = []
        for entry in _report_entries(report, report_file):
            run = RunResult.from_dict(entry)
            run_dir = _run_dir(path, run)
            if run.snapshots:
                hist = tuple((float(s["elapsed_seconds"]), float(s["score"])) for s in run.snapshots
                             if s.get("score") is not None and s.get("elapsed_seconds") is not None)
                run = run.model_copy(update={"history": hist})
            elif run_dir is not None:
                hist = _history(run_dir)
                if hist:
                    run = run.model_copy(update={"history": hist})
            runs.append(run)
        meta = {**{k: report.get(k) for k in ("run_group", "agent_id") if report.get(k)}, **meta}
        meta.setdefault("run_group", path.name)
        return runs, meta
    if path.is_file():
        report = _read_json(path)
        runs = [RunResult.from_dict(e) for e in _report_entries(report, path)]
        meta = {k: report.get(k) for k in ("run_group", "agent_id") if report.get(k)}
        return runs, meta
    raise MLEBenchError(f"{path} does not exist (expected a run group folder or a grading report JSON file)")


def load_source(spec: str) -> Source:
    """``PATH`` (its own column) or ``LABEL=PATH[,PATH...]`` (several combined into one column, as v1 combines
    one run group per seed)."""
    label, sep, rest = spec.partition("=")
    if sep and not Path(spec).exists():
        paths = [Path(p) for p in rest.split(",") if p]
    else:
        label, paths = "", [Path(spec)]
    if not paths:
        raise MLEBenchError(f"'{spec}': no paths after '='")
    runs: list[RunResult] = []
    metas = []
    # v1 reads combined reports in sorted path order and each report's entries sorted by competition id
    ordered = sorted(paths, key=str) if len(paths) > 1 else paths
    for p in ordered:
        r, meta = load_path(p)
        runs += sorted(r, key=lambda x: x.competition_id) if len(paths) > 1 else r
        metas.append(meta)
    agents = sorted({m["agent_id"] for m in metas if m.get("agent_id")})
    groups = [m["run_group"] for m in metas if m.get("run_group")]
    competitions: list[str] = []
    for m in metas:
        competitions += [c for c in m.get("competitions") or [] if c not in competitions]
    if not competitions:
        competitions = list(dict.fromkeys(r.competition_id for r in runs))
    seeds = [m.get("seeds") for m in metas if isinstance(m.get("seeds"), int)]
    if not label:
        label = groups[0] if len(groups) == 1 else paths[0].stem
    src = Source(
        label=label,
        paths=paths,
        runs=runs,
        agent_id=", ".join(agents) or None,
        run_groups=groups,
        competitions=competitions,
        seeds_planned=sum(seeds) if seeds else None,
    )
    crashed = [r for r in src.runs if r.grading_error]
    if crashed:
        src.warnings.append(
            f"{len(crashed)} run(s) could not be graded (a grader error, ours, not the agent's; counted as not valid "
            f"until re-graded with `mlebench run --resume`): {', '.join(sorted({r.competition_id for r in crashed}))}"
        )
    if src.seed_mode == "positional" and src.runs and all(r.seed is not None for r in src.runs):
        src.warnings.append(
            "some (competition, seed) pairs occur more than once; runs are paired into seeds by position, as v1 does "
            "(sorted paths, then competition id)"
        )
    return src
