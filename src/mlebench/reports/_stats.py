"""Numbers over seeds: v1's per-seed percentages, mean ± SEM, pass@k, mean percentile, resource use."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from mlebench.reports._load import RunResult

# v1's per-seed metrics, in v1's order, with the labels we print
METRICS: dict[str, str] = {
    "submission_exists": "Submission exists (%)",
    "valid_submission": "Valid submission (%)",
    "above_median": "Above median (%)",
    "gold_medal": "Gold (%)",
    "silver_medal": "Silver (%)",
    "bronze_medal": "Bronze (%)",
    "any_medal": "Any medal (%)",
}
PERCENTILE = "leaderboard_percentile"


@dataclass(frozen=True)
class Aggregate:
    """Mean over seeds with v1's standard error (scipy ``sem``, ddof=1; 0 for a single seed) and 95% interval."""

    mean: float
    sem: float
    ci_lower: float
    ci_upper: float
    per_seed: list[float]

    def to_dict(self) -> dict:
        return asdict(self)


def aggregate(values: list[float]) -> Aggregate:
    if not values:
        raise ValueError("no values to aggregate")
    mean = float(np.mean(values))
    sem = float(stats.sem(values, ddof=1)) if len(values) > 1 else 0.0
    return Aggregate(mean, sem, mean - 1.96 * sem, mean + 1.96 * sem, [float(v) for v in values])


def seed_metrics(seed: list[RunResult]) -> dict[str, float]:
    """v1's percentages for one seed (one run per competition)."""
    n = len(seed)
    return {name: 100.0 * sum(bool(getattr(r, name)) for r in seed) / n for name in METRICS}


def seed_percentile(seed: list[RunResult]) -> float | None:
    """Mean leaderboard percentile (0–100) of one seed.

    A run without a valid submission (or a padded missing run) beats nobody and counts 0; a valid run on a
    competition without a leaderboard has no percentile and is left out. None when nothing is left.
    """
    values = []
    for r in seed:
        if not r.valid_submission:
            values.append(0.0)
        elif r.leaderboard_percentile is not None:
            values.append(100.0 * r.leaderboard_percentile)
    return float(np.mean(values)) if values else None


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k: the chance that at least one of k runs drawn from n (c of them successes) succeeds."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n, got n={n} c={c} k={k}")
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_at_k_curve(seeds: list[list[RunResult]]) -> dict[int, float]:
    """pass@k (%) for k = 1…n, averaged over the split's competitions (a medal counts as a success)."""
    n = len(seeds)
    if n == 0:
        return {}
    n_comps = len(seeds[0])
    successes = [sum(seeds[s][i].any_medal for s in range(n)) for i in range(n_comps)]
    return {k: 100.0 * float(np.mean([pass_at_k(n, c, k) for c in successes])) for k in range(1, n + 1)}


def resources(runs: list[RunResult]) -> dict[str, float | int | None]:
    """Resource use over real (not padded) runs; a quantity no run recorded is None."""
    real = [r for r in runs if not r.padded]

    def vals(name: str) -> list[float]:
        return [float(getattr(r, name)) for r in real if getattr(r, name) is not None]

    secs, mem, cost = vals("run_seconds"), vals("peak_memory_mb"), vals("cost_usd")
    prompt, completion = vals("prompt_tokens"), vals("completion_tokens")
    return {
        "runs": len(real),
        "total_hours": sum(secs) / 3600 if secs else None,
        "mean_run_seconds": float(np.mean(secs)) if secs else None,
        "max_run_seconds": max(secs) if secs else None,
        "mean_peak_memory_mb": float(np.mean(mem)) if mem else None,
        "max_peak_memory_mb": max(mem) if mem else None,
        "prompt_tokens": int(sum(prompt)) if prompt else None,
        "completion_tokens": int(sum(completion)) if completion else None,
        "cost_usd": float(sum(cost)) if cost else None,
        "mean_cost_usd": float(np.mean(cost)) if cost else None,
    }
