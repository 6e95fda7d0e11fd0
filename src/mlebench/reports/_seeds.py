"""Building seeds: one run per competition of a split, as v1's aggregation script does.

v1 (``experiments/aggregate_grading_reports.py``) pairs runs by position: the i-th report of every
competition forms seed i. Without padding only complete seeds count (as many as the competition with
the fewest runs has; a competition with no run at all is an error); with padding the number of seeds is
the largest run count and missing runs are zero reports (no submission, no medal). Asking for more
seeds than there are is an error. When every run records its seed (our run groups), seeds are paired
by that number instead of by position, with the same rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mlebench.reports._load import RunResult


@dataclass
class Seeds:
    """Seeds built for one split: ``seeds[i]`` holds one run per competition, in split order."""

    seeds: list[list[RunResult]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)  # the seed number (seed-field) or position (positional)
    error: str | None = None
    missing: list[str] = field(default_factory=list)  # competitions of the split with no run at all

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def padded_runs(self) -> int:
        return sum(r.padded for s in self.seeds for r in s)


def _describe(ids: list[str]) -> str:
    return ", ".join(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")


def build_seeds(
    runs: list[RunResult],
    competition_ids: list[str],
    *,
    requested: int | None = None,
    pad_missing: bool = False,
    by_seed_field: bool = False,
) -> Seeds:
    """Seeds over ``competition_ids`` from ``runs`` (runs of other competitions are ignored)."""
    if not competition_ids:
        return Seeds(error="the split has no competitions")
    if requested is not None and requested < 1:
        return Seeds(error=f"--seeds must be at least 1, got {requested}")
    wanted = set(competition_ids)
    per_comp: dict[str, list[RunResult]] = defaultdict(list)
    for r in runs:
        if r.competition_id in wanted:
            per_comp[r.competition_id].append(r)
    missing = [c for c in competition_ids if not per_comp[c]]
    if len(missing) == len(competition_ids):
        return Seeds(error="no runs for any competition of this split", missing=missing)
    if missing and not pad_missing:
        return Seeds(
            error=f"no runs for {len(missing)} of {len(competition_ids)} competitions ({_describe(missing)}); "
            "use --pad-missing to count them as failures",
            missing=missing,
        )
    if by_seed_field:
        return _by_seed_field(per_comp, competition_ids, requested, pad_missing, missing)
    counts = [len(per_comp[c]) for c in competition_ids]
    available = max(counts) if pad_missing else min(counts)
    n = available if requested is None else min(requested, available)
    if requested is not None and requested > available:
        return Seeds(error=f"requested {requested} seeds, but only {available} complete seeds are available", missing=missing)
    seeds = [
        [per_comp[c][i] if i < len(per_comp[c]) else RunResult.missing(c, None) for c in competition_ids]
        for i in range(n)
    ]
    return Seeds(seeds=seeds, labels=list(range(n)), missing=missing)


def _by_seed_field(
    per_comp: dict[str, list[RunResult]],
    competition_ids: list[str],
    requested: int | None,
    pad_missing: bool,
    missing: list[str],
) -> Seeds:
    table = {c: {r.seed: r for r in per_comp[c]} for c in competition_ids}
    all_seeds = sorted({s for c in competition_ids for s in table[c]})
    if pad_missing:
        usable = all_seeds
    else:
        usable = [s for s in all_seeds if all(s in table[c] for c in competition_ids)]
        if not usable:
            incomplete = [c for c in competition_ids if len(table[c]) < len(all_seeds)]
            return Seeds(
                error=f"no complete seed: runs are missing for {_describe(incomplete)}; "
                "use --pad-missing to count missing runs as failures",
                missing=missing,
            )
    if requested is not None:
        if requested > len(usable):
            return Seeds(
                error=f"requested {requested} seeds, but only {len(usable)} complete seeds are available", missing=missing
            )
        usable = usable[:requested]
    seeds = [[table[c].get(s) or RunResult.missing(c, s) for c in competition_ids] for s in usable]
    return Seeds(seeds=seeds, labels=[int(s) for s in usable], missing=missing)  # type: ignore[arg-type]
