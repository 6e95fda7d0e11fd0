"""Reports over run groups: v1's metrics per split as mean ± SEM over complete seeds, pass@k, leaderboard
percentiles, per-competition tables, resource use, published reference results; terminal, JSON and a
self-contained HTML file with inline SVG plots."""

from mlebench.reports._build import build_report
from mlebench.reports._html import render_html
from mlebench.reports._load import RunResult, Source, load_source
from mlebench.reports._reference import load_reference
from mlebench.reports._seeds import Seeds, build_seeds
from mlebench.reports._stats import aggregate, pass_at_k, pass_at_k_curve, seed_metrics, seed_percentile
from mlebench.reports._terminal import render

__all__ = [
    "RunResult",
    "Seeds",
    "Source",
    "aggregate",
    "build_report",
    "build_seeds",
    "load_reference",
    "load_source",
    "pass_at_k",
    "pass_at_k_curve",
    "render",
    "render_html",
    "seed_metrics",
    "seed_percentile",
]
