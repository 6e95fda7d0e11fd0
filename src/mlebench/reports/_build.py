"""The report as data: per split and per column (run group) the v1 metrics, pass@k, percentiles, resources,
per-competition tables and published reference results. Everything the terminal, JSON and HTML show."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError
from mlebench.grading.leaderboard import board_distribution
from mlebench.grading.normalise import floor_and_ceiling, normalised
from mlebench.registry import Registry, registry as default_registry
from mlebench.reports._load import RunResult, Source, load_source
from mlebench.reports._reference import load_reference
from mlebench.reports._seeds import build_seeds
from mlebench.reports._stats import METRICS, aggregate, pass_at_k_curve, resources, seed_metrics, seed_percentile

REPORT_VERSION = 1
GROUP_SPLIT = "group"  # each column's own competitions (its run group's list)
DEFAULT_SPLITS = ["low", "medium", "high", "all", "offline", "offline-lite"]
SPLIT_TITLES = {
    GROUP_SPLIT: "run group (its own competitions)",
    "low": "low (lite)",
    "all": "all (split75)",
}
REFERENCE_SOLUTIONS = "reference-solutions"


def _split_ids(name: str, reg: Registry) -> list[str]:
    path = Path(name)
    if path.suffix == ".txt" and path.is_file():
        return [ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    return reg.get_split(name)


def _medals_against(comp_id: str, runs: list[RunResult], reg: Registry) -> str:
    for r in runs:
        if r.medals_against:
            return r.medals_against
    if reg.is_implemented(comp_id):
        return reg.get_competition(comp_id).medals_against
    return "kaggle"


def _cell(src: Source, ids: list[str], *, seeds: int | None, pad_missing: bool, reg: Registry,
          norm: _Normaliser) -> dict[str, Any]:
    built = build_seeds(
        src.runs, ids, requested=seeds, pad_missing=pad_missing, by_seed_field=src.seed_mode == "seed-field"
    )
    covered = sorted({r.competition_id for r in src.runs} & set(ids))
    cell: dict[str, Any] = {
        "status": "ok" if built.ok else "unavailable",
        "error": built.error,
        "competition_ids": ids,
        "num_competitions": len(ids),
        "competitions_with_runs": len(covered),
        "missing_competitions": built.missing,
    }
    if not built.ok:
        return cell
    per_seed = [seed_metrics(s) for s in built.seeds]
    pcts = [seed_percentile(s) for s in built.seeds]
    normed = [[v for v in map(norm, s) if v is not None] for s in built.seeds]
    against = [_medals_against(c, [r for r in src.runs if r.competition_id == c], reg) for c in ids]
    cell.update(
        num_seeds=len(built.seeds),
        seeds=built.labels,
        padded_runs=built.padded_runs,
        metrics={name: aggregate([m[name] for m in per_seed]).to_dict() for name in METRICS},
        leaderboard_percentile=aggregate(pcts).to_dict() if all(p is not None for p in pcts) else None,  # type: ignore[arg-type]
        normalised_score=aggregate([sum(v) / len(v) for v in normed]).to_dict() if all(normed) else None,
        pass_at_k={str(k): v for k, v in pass_at_k_curve(built.seeds).items()},
        resources=resources([r for s in built.seeds for r in s]),
        reference_solution_competitions=sum(a == REFERENCE_SOLUTIONS for a in against),
    )
    return cell


def _run_row(r: RunResult, norm: _Normaliser) -> dict[str, Any]:
    return {
        "seed": r.seed,
        "run_id": r.run_id,
        "score": r.score,
        "normalised_score": norm(r),
        "medal": r.medal,
        "above_median": r.above_median,
        "submission_exists": r.submission_exists,
        "valid_submission": r.valid_submission,
        "invalid_reason": r.invalid_reason,
        "leaderboard_percentile": None if r.leaderboard_percentile is None else 100.0 * r.leaderboard_percentile,
        "run_status": r.run_status,
        "run_seconds": r.run_seconds,
        "peak_memory_mb": r.peak_memory_mb,
        "prompt_tokens": r.prompt_tokens,
        "completion_tokens": r.completion_tokens,
        "cost_usd": r.cost_usd,
        "history": [{"elapsed_seconds": t, "score": s} for t, s in r.history],
        "snapshots": [dict(x) for x in r.snapshots],
    }


def _competition_tables(src: Source, reg: Registry, norm: _Normaliser) -> list[dict[str, Any]]:
    order = list(dict.fromkeys([*src.competitions, *(r.competition_id for r in src.runs)]))
    tables = []
    for cid in order:
        runs = [r for r in src.runs if r.competition_id == cid]
        first = next((r for r in runs if r.gold_threshold is not None), runs[0] if runs else None)
        if src.seed_mode == "seed-field":
            runs = sorted(runs, key=lambda r: r.seed)  # type: ignore[arg-type, return-value]
        rows = [_run_row(r, norm) for r in runs]
        if src.seed_mode == "positional":
            for i, row in enumerate(rows):
                row["position"] = i
        tables.append(
            {
                "competition_id": cid,
                "medals_against": _medals_against(cid, runs, reg),
                "is_lower_better": first.is_lower_better if first else None,
                "thresholds": {
                    k: getattr(first, f"{k}_threshold") if first else None for k in ("gold", "silver", "bronze", "median")
                },
                "runs": rows,
                "board": board_distribution(reg.get_competition(cid)) if reg.is_implemented(cid) else None,
            }
        )
    return tables


def build_report(
    inputs: list[str],
    *,
    splits: list[str] | None = None,
    seeds: int | None = None,
    pad_missing: bool = False,
    reference_files: list[Path] | None = None,
    include_builtin_reference: bool = True,
    registry: Registry | None = None,
    at: list[tuple[str, float]] | None = None,
    pool_budgets: bool = False,
) -> dict[str, Any]:
    """Aggregate run groups / grading reports into one report dict (the ``--json`` output)."""
    reg = registry or default_registry
    if not inputs:
        raise MLEBenchError("give at least one run group folder or grading report file")
    sources = [load_source(s) for s in inputs]
    labels = [s.label for s in sources]
    for i, s in enumerate(sources):  # columns need distinct names
        if labels.count(s.label) > 1:
            s.label = f"{s.label} ({i + 1})"
    explicit = list(dict.fromkeys(splits or []))
    budgets = [_budget_labels(s, pool_budgets) for s in sources]
    norm = _Normaliser(reg)
    split_rows = _split_rows(sources, explicit, reg, seeds=seeds, pad_missing=pad_missing, norm=norm)
    time_budgets = []
    for label, secs in at or []:
        shifted = [replace(s, runs=[r.at(secs) for r in s.runs]) for s in sources]
        unknown = [sum(r.budget_unknown for r in s.runs) for s in shifted]
        time_budgets.append({
            "at": label, "seconds": secs,
            "splits": _split_rows(shifted, explicit, reg, seeds=seeds, pad_missing=pad_missing, norm=norm),
            "warnings": [f"{s.label}: {n} run(s) have no snapshots and did not end by {label}; counted as no submission"
                         for s, n in zip(sources, unknown) if n],
        })
    reference = load_reference(reference_files or [], include_builtin=include_builtin_reference)
    return {
        "report_version": REPORT_VERSION,
        "generated_at": datetime.now(timezone.utc).isoformat(),
        "options": {"seeds": seeds, "pad_missing": pad_missing, "splits": explicit,
                    "at": [label for label, _ in at or []], "pool_budgets": pool_budgets},
        "columns": [
            {
                "label": s.label,
                "agent_id": s.agent_id,
                "run_groups": s.run_groups,
                "paths": [str(p) for p in s.paths],
                "seed_mode": s.seed_mode,
                "competitions": s.competitions,
                "seeds_planned": s.seeds_planned,
                "runs": len(s.runs),
                "warnings": s.warnings,
                **b,
            }
            for s, b in zip(sources, budgets)
        ],
        "splits": split_rows,
        "time_budgets": time_budgets,
        "competitions": [{"column": s.label, "tables": _competition_tables(s, reg, norm)} for s in sources],
        "reference": reference,
        "notes": NOTES,
    }


def _split_rows(sources: list[Source], explicit: list[str], reg: Registry, *, seeds: int | None, pad_missing: bool,
                norm: _Normaliser) -> list[dict[str, Any]]:
    split_rows = []
    for name in [GROUP_SPLIT, *[d for d in DEFAULT_SPLITS if d not in explicit], *explicit]:
        if name == GROUP_SPLIT:
            id_lists = [s.competitions for s in sources]
        else:
            try:
                ids = _split_ids(name, reg)
            except MLEBenchError:
                if name in explicit:
                    raise
                continue  # a default split this installation does not ship
            id_lists = [ids] * len(sources)
        runs_in_split = any(set(ids_) & {r.competition_id for r in s.runs} for s, ids_ in zip(sources, id_lists))
        if name not in explicit and name != GROUP_SPLIT and not runs_in_split:
            continue  # nobody ran anything of this split: leave it out unless asked for
        cells = [_cell(s, ids_, seeds=seeds, pad_missing=pad_missing, reg=reg, norm=norm) for s, ids_ in zip(sources, id_lists)]
        split_rows.append({"name": name, "title": SPLIT_TITLES.get(name, name), "columns": cells})
    return split_rows


NOTES = [
    "mean ± SEM over complete seeds (SEM with ddof=1, as v1; one seed has none: n/a, 0 in the JSON as v1); "
    "95% CI = mean ± 1.96·SEM",
    "pass@k = 1 − C(n−c, k)/C(n, k) per competition over its n seeds with c medals, averaged over competitions",
    "leaderboard percentile: share of the leaderboard beaten (ties half); an invalid or missing submission counts 0",
    "competitions whose medals_against is 'reference-solutions' (the offline suite) are graded against a panel "
    "of reference solutions, not human Kaggle teams",
    "normalised score = (score − sample submission's score) / (ceiling − sample's score): 0 is the sample, 1 the "
    "ceiling; an invalid or missing submission counts 0",
    "--at T: every figure as if the time limit had been T: each run's last submission snapshot at or before T "
    "(none: no submission)",
]


class _Normaliser:
    """Each competition's (sample score, ceiling), looked up once; None where there is none (not prepared, no ceiling)."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.bounds: dict[str, tuple[float, float] | None] = {}

    def __call__(self, run: RunResult) -> float | None:
        """The run's normalised score: 0 without a valid one; None when its competition has no bounds."""
        cid = run.competition_id
        if cid not in self.bounds:
            self.bounds[cid] = None
            try:
                if self.reg.is_implemented(cid):
                    self.bounds[cid] = floor_and_ceiling(self.reg.get_competition(cid))
            except Exception:  # noqa: BLE001 - an optional column: a competition whose bounds cannot be had shows none
                pass
        bounds = self.bounds[cid]
        if bounds is None or bounds[0] == bounds[1]:
            return None
        if not run.valid_submission or run.score is None or not math.isfinite(run.score):
            return 0.0
        return normalised(run.score, *bounds)


def _budget_labels(src: Source, pool: bool) -> dict[str, Any]:
    """The column's time limit, hardware and environment profile; MLEBenchError when its runs differ in one of
    them (one number would pool unlike runs) unless ``pool``. An unrecorded value (None) is compatible."""
    out: dict[str, Any] = {}
    for i, name in enumerate(("time_limit_seconds", "hardware", "env_profile")):
        values = sorted({r.budget[i] for r in src.runs if not r.padded and r.budget[i] is not None}, key=str)
        if len(values) > 1 and not pool:
            shown = ", ".join(map(str, values[:3]))
            raise MLEBenchError(f"column '{src.label}' pools runs with different {name.replace('_', ' ')} ({shown}); "
                                "report them as separate columns, or pass --pool-budgets to pool them anyway")
        out[name] = values[0] if len(values) == 1 else (values or None)
    return out
