"""The report as data: per split and per column (run group) the v1 metrics, pass@k, percentiles, resources,
per-competition tables and published reference results. Everything the terminal, JSON and HTML show."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError
from mlebench.grading.leaderboard import board_distribution
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


def _cell(src: Source, ids: list[str], *, seeds: int | None, pad_missing: bool, reg: Registry) -> dict[str, Any]:
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
    against = [_medals_against(c, [r for r in src.runs if r.competition_id == c], reg) for c in ids]
    cell.update(
        num_seeds=len(built.seeds),
        seeds=built.labels,
        padded_runs=built.padded_runs,
        metrics={name: aggregate([m[name] for m in per_seed]).to_dict() for name in METRICS},
        leaderboard_percentile=aggregate(pcts).to_dict() if all(p is not None for p in pcts) else None,  # type: ignore[arg-type]
        pass_at_k={str(k): v for k, v in pass_at_k_curve(built.seeds).items()},
        resources=resources([r for s in built.seeds for r in s]),
        reference_solution_competitions=sum(a == REFERENCE_SOLUTIONS for a in against),
    )
    return cell


def _run_row(r: RunResult) -> dict[str, Any]:
    return {
        "seed": r.seed,
        "run_id": r.run_id,
        "score": r.score,
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
    }


def _competition_tables(src: Source, reg: Registry) -> list[dict[str, Any]]:
    order = list(dict.fromkeys([*src.competitions, *(r.competition_id for r in src.runs)]))
    tables = []
    for cid in order:
        runs = [r for r in src.runs if r.competition_id == cid]
        first = next((r for r in runs if r.gold_threshold is not None), runs[0] if runs else None)
        if src.seed_mode == "seed-field":
            runs = sorted(runs, key=lambda r: r.seed)  # type: ignore[arg-type, return-value]
        rows = [_run_row(r) for r in runs]
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
        cells = [_cell(s, ids_, seeds=seeds, pad_missing=pad_missing, reg=reg) for s, ids_ in zip(sources, id_lists)]
        split_rows.append({"name": name, "title": SPLIT_TITLES.get(name, name), "columns": cells})
    reference = load_reference(reference_files or [], include_builtin=include_builtin_reference)
    return {
        "report_version": REPORT_VERSION,
        "generated_at": datetime.now(timezone.utc).isoformat(),
        "options": {"seeds": seeds, "pad_missing": pad_missing, "splits": explicit},
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
            }
            for s in sources
        ],
        "splits": split_rows,
        "competitions": [{"column": s.label, "tables": _competition_tables(s, reg)} for s in sources],
        "reference": reference,
        "notes": [
            "mean ± SEM over complete seeds (SEM with ddof=1, as v1; one seed has none: n/a, 0 in the JSON as v1); "
            "95% CI = mean ± 1.96·SEM",
            "pass@k = 1 − C(n−c, k)/C(n, k) per competition over its n seeds with c medals, averaged over competitions",
            "leaderboard percentile: share of the leaderboard beaten (ties half); an invalid or missing submission counts 0",
            "competitions whose medals_against is 'reference-solutions' (the offline suite) are graded against a panel "
            "of reference solutions, not human Kaggle teams",
        ],
    }
