"""Rich tables for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from mlebench.reports._stats import METRICS

DAGGER = "†"
REFERENCE_NOTE = f"{DAGGER} medals against a panel of reference solutions, not human Kaggle teams (offline suite)"
# v1's splits, whose published results (medals against human Kaggle teams) are comparable to ours
V1_SPLITS = {"low", "lite", "medium", "high", "all", "split75"}


def fmt_pm(agg: dict | None, digits: int = 1) -> str:
    """``mean ± SEM``; ``mean ± n/a`` where one seed gives no standard error."""
    if not agg:
        return "–"
    if agg.get("sem") is None or len(agg.get("per_seed") or [None, None]) < 2:
        return f"{agg['mean']:.{digits}f} ± n/a"
    return f"{agg['mean']:.{digits}f} ± {agg['sem']:.{digits}f}"


def fmt_num(x: float | int | None, digits: int = 4) -> str:
    if x is None:
        return "–"
    if isinstance(x, int):
        return f"{x:,}"
    return f"{x:.{digits}g}"


def budget_label(column: dict) -> str:
    """The column's time limit, hardware and environment profile, in words."""
    limit = column.get("time_limit_seconds")
    limit_text = (f"{limit / 3600:g}h" if isinstance(limit, int | float) and limit >= 3600 else
                  f"{limit:g}s" if isinstance(limit, int | float) else str(limit or "?"))
    return (f"time limit {limit_text}, hardware {column.get('hardware') or '?'}, "
            f"environment {column.get('env_profile') or '?'}")


def _resource_rows(cells: list[dict]) -> list[tuple[str, list[str]]]:
    def get(c: dict, key: str) -> Any:
        return (c.get("resources") or {}).get(key)

    specs = [
        ("Agent time (h, total)", "total_hours", lambda v: f"{v:.2f}"),
        ("Run time (min, mean)", "mean_run_seconds", lambda v: f"{v / 60:.1f}"),
        ("Peak memory (MB, max)", "max_peak_memory_mb", lambda v: f"{v:,.0f}"),
        ("Prompt tokens", "prompt_tokens", lambda v: f"{v:,}"),
        ("Completion tokens", "completion_tokens", lambda v: f"{v:,}"),
        ("Cost (USD)", "cost_usd", lambda v: f"{v:,.2f}"),
    ]
    rows = []
    for label, key, f in specs:
        values = [get(c, key) for c in cells]
        if any(v is not None for v in values):
            rows.append((label, [f(v) if v is not None else "–" for v in values]))
    return rows


def split_table(split: dict, columns: list[dict]) -> Table | None:
    """The split's metrics, one column per run group; None when no column has numbers for it."""
    cells = split["columns"]
    if all(c["status"] != "ok" for c in cells):
        return None
    table = Table(title=f"split: {split['title']}", title_justify="left", show_lines=False)
    table.add_column("metric", style="bold")
    for col, cell in zip(columns, cells):
        mark = f" {DAGGER}" if cell.get("reference_solution_competitions") else ""
        table.add_column(f"{col['label']}{mark}", justify="right")

    def row(label: str, value) -> None:
        table.add_row(label, *[value(c) if c["status"] == "ok" else "–" for c in cells])

    row("Competitions", lambda c: f"{c['num_competitions']}")
    row("Seeds", lambda c: f"{c['num_seeds']}" + (f" ({c['padded_runs']} padded)" if c.get("padded_runs") else ""))
    for name, label in METRICS.items():
        row(label, lambda c, name=name: fmt_pm(c.get("metrics", {}).get(name)))
    row("Leaderboard percentile (%)", lambda c: fmt_pm(c.get("leaderboard_percentile")))
    if any(c.get("normalised_score") for c in cells):
        row("Normalised score", lambda c: fmt_pm(c.get("normalised_score"), 3))
    n_max = max((c.get("num_seeds") or 0) for c in cells)
    for k in range(1, n_max + 1):
        row(f"pass@{k} (%)", lambda c, k=k: f"{c['pass_at_k'][str(k)]:.1f}" if str(k) in c["pass_at_k"] else "")
    for label, values in _resource_rows([c for c in cells if c["status"] == "ok"]):
        it = iter(values)
        table.add_row(label, *[next(it) if c["status"] == "ok" else "–" for c in cells])
    return table


def split_notes(split: dict, columns: list[dict]) -> list[str]:
    """Why a column has no numbers for the split (printed under its table, or alone)."""
    return [f"split {split['title']}, {col['label']}: {c['error']}" for col, c in zip(columns, split["columns"]) if c["status"] != "ok"]


def _run_cell(run: dict) -> str:
    if not run["valid_submission"]:
        return "[red]invalid[/]" if run["submission_exists"] else "[red]no submission[/]"
    medal = {"gold": "[yellow]gold[/]", "silver": "silver", "bronze": "[dark_orange]bronze[/]"}.get(run["medal"], "")
    pct = run["leaderboard_percentile"]
    return " ".join(x for x in (fmt_num(run["score"]), medal, f"{pct:.0f}%" if pct is not None else "") if x)


def competition_table(column: dict) -> Table:
    tables = column["tables"]
    seeds = sorted({(r.get("seed") if r.get("seed") is not None else r.get("position")) for t in tables for r in t["runs"]}, key=lambda s: (s is None, s))
    table = Table(title=f"per competition: {column['column']}", title_justify="left")
    table.add_column("competition", style="bold", min_width=24)
    for h in ("gold", "silver", "bronze", "median"):
        table.add_column(h, justify="right")
    for s in seeds:
        table.add_column(f"seed {s}", justify="right")
    for t in tables:
        name = t["competition_id"] + (f" {DAGGER}" if t["medals_against"] == "reference-solutions" else "")
        by_seed = {(r.get("seed") if r.get("seed") is not None else r.get("position")): r for r in t["runs"]}
        table.add_row(
            name,
            *[fmt_num(t["thresholds"][h]) for h in ("gold", "silver", "bronze", "median")],
            *[_run_cell(by_seed[s]) if s in by_seed else "–" for s in seeds],
        )
    return table


def _published(row: dict) -> str:
    return f"{row['value']:.2f}" + (f" ± {row['sem']:.2f}" if row["sem"] is not None else "")


def shows_v1_split(report: dict) -> bool:
    """Whether the report has numbers for one of v1's splits: only then are v1's published results comparable."""
    return any(s["name"] in V1_SPLITS and any(c["status"] == "ok" for c in s["columns"]) for s in report["splits"])


def reference_table(rows: list[dict]) -> Table | None:
    rows = [r for r in rows if r["metric"] == "any_medal"]
    if not rows:
        return None
    splits = list(dict.fromkeys(r["split"] for r in rows))
    table = Table(title="published results: any medal (%)", title_justify="left")
    for h in ("agent", "model"):
        table.add_column(h)
    for s in splits:
        table.add_column(s, justify="right")
    table.add_column("source")
    keyed: dict[tuple, dict] = {}
    for r in rows:
        keyed.setdefault((r["agent"], r["model"], r["date"], r["source"]), {})[r["split"]] = r
    for (agent, model, date, source), by_split in keyed.items():
        vals = [_published(by_split[s]) if s in by_split else "–" for s in splits]
        table.add_row(agent, model, *vals, f"{source}{' ' + date if date else ''}")
    return table


def render(report: dict, console: Console, *, per_competition: bool = True, reference: bool = True) -> None:
    cols = report["columns"]
    for c in cols:
        console.print(
            f"[bold]{c['label']}[/]: agent {c['agent_id'] or '?'}, {c['runs']} runs, seeds paired by {c['seed_mode']}; "
            f"{budget_label(c)}",
            highlight=False,
        )
        for w in c["warnings"]:
            console.print(f"  [yellow]note:[/] {w}", highlight=False)
    for budget in [None, *report.get("time_budgets", [])]:
        for split in report["splits"] if budget is None else budget["splits"]:
            if budget is not None:
                split = {**split, "title": f"{split['title']}, as if the time limit were {budget['at']}"}
            table = split_table(split, cols)
            if table is not None:
                console.print(table)
            for note in split_notes(split, cols):
                console.print(f"[yellow]note:[/] {note}", highlight=False)
        for w in budget["warnings"] if budget else []:
            console.print(f"[yellow]note:[/] {w}", highlight=False)
    if per_competition:
        for column in report["competitions"]:
            console.print(competition_table(column))
    if reference and shows_v1_split(report):
        t = reference_table(report["reference"])
        if t is not None:
            console.print(t)
    if any(t["medals_against"] == "reference-solutions" for col in report["competitions"] for t in col["tables"]):
        console.print(REFERENCE_NOTE, highlight=False)
    for note in report["notes"][:3]:
        console.print(f"[dim]{note}[/]", highlight=False)
