"""A self-contained HTML report: one file, inline CSS and SVG, no scripts, nothing fetched."""

from __future__ import annotations

from html import escape
from typing import Any

from mlebench.reports import _svg
from mlebench.reports._stats import METRICS
from mlebench.reports._terminal import DAGGER, REFERENCE_NOTE, budget_label, fmt_num

CSS = """
body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 20px}
th,td{border:1px solid #ccc;padding:3px 8px;font-size:13px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f3f3f3}
.warn{color:#a60}
.gold{color:#b8860b;font-weight:bold}.silver{color:#777;font-weight:bold}.bronze{color:#a0522d;font-weight:bold}
.invalid{color:#c00}
.plots{display:flex;flex-wrap:wrap;gap:16px}
.note{color:#555;font-size:12px}
"""


def _pm(agg: dict | None, digits: int = 1) -> str:
    return "–" if not agg else f"{agg['mean']:.{digits}f} ± {agg['sem']:.{digits}f}"


def _split_table(split: dict, columns: list[dict]) -> str:
    cells = split["columns"]
    head = "".join(
        f"<th>{escape(c['label'])}{' ' + DAGGER if cell.get('reference_solution_competitions') else ''}</th>"
        for c, cell in zip(columns, cells)
    )
    rows = []

    def row(label: str, values: list[str]) -> None:
        rows.append(f"<tr><th>{escape(label)}</th>" + "".join(f'<td class="num">{v}</td>' for v in values) + "</tr>")

    ok = [c["status"] == "ok" for c in cells]
    row("Competitions", [str(c["num_competitions"]) for c in cells])
    row(
        "Seeds",
        [
            f"{c['num_seeds']}" + (f" ({c['padded_runs']} padded)" if c.get("padded_runs") else "")
            if k
            else f'<span class="warn">{escape(c["error"] or "")}</span>'
            for c, k in zip(cells, ok)
        ],
    )
    for name, label in METRICS.items():
        row(label, [_pm(c["metrics"][name]) if k else "" for c, k in zip(cells, ok)])
    row("Leaderboard percentile (%)", [_pm(c.get("leaderboard_percentile")) if k else "" for c, k in zip(cells, ok)])
    if any(c.get("normalised_score") for c in cells):
        row("Normalised score", [_pm(c.get("normalised_score"), 3) if k else "" for c, k in zip(cells, ok)])
    n_max = max((c.get("num_seeds") or 0) for c in cells)
    for k_ in range(1, n_max + 1):
        row(f"pass@{k_} (%)", [f"{c['pass_at_k'][str(k_)]:.1f}" if k and str(k_) in c["pass_at_k"] else "" for c, k in zip(cells, ok)])
    res = [c.get("resources") or {} for c in cells]
    for label, key, f in (
        ("Agent time (h, total)", "total_hours", lambda v: f"{v:.2f}"),
        ("Run time (min, mean)", "mean_run_seconds", lambda v: f"{v / 60:.1f}"),
        ("Peak memory (MB, max)", "max_peak_memory_mb", lambda v: f"{v:,.0f}"),
        ("Prompt tokens", "prompt_tokens", lambda v: f"{v:,}"),
        ("Completion tokens", "completion_tokens", lambda v: f"{v:,}"),
        ("Cost (USD)", "cost_usd", lambda v: f"{v:,.2f}"),
    ):
        if any(r.get(key) is not None for r in res):
            row(label, [f(r[key]) if r.get(key) is not None else "–" for r in res])
    return (
        f'<h3 id="split-{escape(split["name"])}">split: {escape(split["title"])}</h3>'
        f'<table class="split"><tr><th>metric</th>{head}</tr>{"".join(rows)}</table>'
    )


def _run_td(run: dict) -> str:
    if not run["valid_submission"]:
        reason = escape(run.get("invalid_reason") or "")
        return f'<td class="invalid" title="{reason}">{"invalid" if run["submission_exists"] else "no submission"}</td>'
    medal = run["medal"]
    pct = run["leaderboard_percentile"]
    parts = [fmt_num(run["score"])]
    if medal != "none":
        parts.append(f'<span class="{medal}">{medal}</span>')
    if pct is not None:
        parts.append(f"{pct:.0f}%")
    return f'<td class="num">{" ".join(parts)}</td>'


def _key(r: dict) -> Any:
    return r.get("seed") if r.get("seed") is not None else r.get("position")


def _against(t: dict) -> str:
    """What a competition's medals are computed against; without a board, how to get one."""
    if t["medals_against"] == "reference-solutions":
        return f"reference solutions {DAGGER}"
    if t["thresholds"]["gold"] is None:
        command = f"mlebench dev download-leaderboard -c {t['competition_id']}"
        return f'<span class="warn">no leaderboard; get it with <code>{escape(command)}</code></span>'
    return "Kaggle teams (public board)" if t["medals_against"] == "kaggle-public-leaderboard" else "Kaggle teams"


def _competition_table(column: dict) -> str:
    tables = column["tables"]
    seeds = sorted({_key(r) for t in tables for r in t["runs"]}, key=lambda s: (s is None, s))
    head = "".join(f"<th>{h}</th>" for h in ("competition", "graded against", "gold", "silver", "bronze", "median"))
    head += "".join(f"<th>seed {escape(str(s))}</th>" for s in seeds)
    rows = []
    for t in tables:
        by_seed = {_key(r): r for r in t["runs"]}
        against = _against(t)
        rows.append(
            f"<tr><th>{escape(t['competition_id'])}</th><td>{against}</td>"
            + "".join(f'<td class="num">{fmt_num(t["thresholds"][h])}</td>' for h in ("gold", "silver", "bronze", "median"))
            + "".join(_run_td(by_seed[s]) if s in by_seed else "<td>–</td>" for s in seeds)
            + "</tr>"
        )
    return f"<h3>per competition: {escape(column['column'])}</h3><table class=\"competitions\"><tr>{head}</tr>{''.join(rows)}</table>"


def _reference_table(rows: list[dict]) -> str:
    """Published results pivoted: one row per (agent, model, metric, source), one column per split."""
    rows = [r for r in rows if r["value"] is not None]
    if not rows:
        return ""
    splits = list(dict.fromkeys(r["split"] for r in rows))
    keyed: dict[tuple, dict] = {}
    for r in rows:
        keyed.setdefault((r["agent"], r["model"], r["metric"], r["date"] or "", r["source"]), {})[r["split"]] = r
    body = []
    for (agent, model, metric, date, source), by_split in keyed.items():
        cells = "".join(
            f'<td class="num">{by_split[s]["value"]:.2f}'
            + (f' ± {by_split[s]["sem"]:.2f}' if by_split[s]["sem"] is not None else "")
            + "</td>"
            if s in by_split
            else "<td>–</td>"
            for s in splits
        )
        body.append(
            f"<tr><td>{escape(agent)}</td><td>{escape(model)}</td><td>{escape(metric)}</td>{cells}"
            f"<td>{escape(date)}</td><td>{escape(source)}</td></tr>"
        )
    head = "".join(f"<th>{escape(s)} (%)</th>" for s in splits)
    return (
        "<h2>Published results</h2><table class=\"reference\"><tr><th>agent</th><th>model</th><th>metric</th>"
        f"{head}<th>date</th><th>source</th></tr>{''.join(body)}</table>"
    )


def _board_plots(report: dict) -> list[str]:
    """Per competition: the scores on its board, the medal lines, and every valid run marked on it
    (coloured by report column)."""
    boards: dict[str, dict] = {}
    marks: dict[str, list[tuple[str, float, int]]] = {}
    for i, column in enumerate(report["competitions"]):
        for t in column["tables"]:
            if not t.get("board"):
                continue
            boards.setdefault(t["competition_id"], t)
            marks.setdefault(t["competition_id"], []).extend(
                (f"{column['column']} seed {_key(r)}", r["score"], i)
                for r in t["runs"]
                if r["valid_submission"] and r["score"] is not None
            )
    plots = []
    for cid, t in boards.items():
        against = "reference solutions" if t["board"]["kind"] == "reference-solutions" else "human teams"
        plots.append(
            _svg.board_chart(
                f"plot-board-{cid}", f"{cid}: runs among the {against}", t["board"], t["thresholds"], marks[cid],
                lower_is_better=bool(t["is_lower_better"]),
            )
        )
    return plots


def _budget_plots(report: dict) -> list[str]:
    """Per split, any-medal rate (± SEM) against the time budget, one line per column (``--at``)."""
    budgets = report.get("time_budgets") or []
    if not budgets:
        return []
    plots = []
    labels = [c["label"] for c in report["columns"]]
    for j, split in enumerate(budgets[0]["splits"]):
        series, errors = [], []
        for i, label in enumerate(labels):
            cells = [(b["seconds"] / 3600, b["splits"][j]["columns"][i]) for b in budgets]
            ok = [(x, c["metrics"]["any_medal"]) for x, c in cells if c["status"] == "ok"]
            series.append((label, [(x, m["mean"]) for x, m in ok]))
            errors.append([m["sem"] for _, m in ok])
        if any(pts for _, pts in series):
            plots.append(_svg.line_chart(
                f"plot-medal-vs-budget-{split['name']}", f"Any medal (%) vs time budget, split {split['name']}, ± SEM",
                series, x_label="time budget (h)", y_label="any medal (%)", y_range=(0, 100), errors=errors))
    return plots


def _plots(report: dict) -> str:
    labels = [c["label"] for c in report["columns"]]
    ok_splits = [s for s in report["splits"] if any(c["status"] == "ok" for c in s["columns"])]
    plots = []
    if ok_splits:
        series = []
        for i, label in enumerate(labels):
            cells = [s["columns"][i] for s in ok_splits]
            means = [c["metrics"]["any_medal"]["mean"] if c["status"] == "ok" else None for c in cells]
            errs = [c["metrics"]["any_medal"]["sem"] if c["status"] == "ok" else None for c in cells]
            series.append((label, means, errs))
        plots.append(
            _svg.bar_chart(
                "plot-medal-rate", "Any medal (%) per split, ± SEM", [s["name"] for s in ok_splits], series, y_label="any medal (%)"
            )
        )
    plots += _budget_plots(report)
    for split in ok_splits:
        series = [
            (label, [(int(k), v) for k, v in c["pass_at_k"].items()])
            for label, c in zip(labels, split["columns"])
            if c["status"] == "ok"
        ]
        plots.append(
            _svg.line_chart(
                f"plot-pass-at-k-{split['name']}", f"pass@k, split {split['name']}", series,
                x_label="k (runs per competition)", y_label="pass@k (%)", y_range=(0, 100), integer_x=True,
            )
        )
    comp_rows: list[str] = []
    for column in report["competitions"]:
        for t in column["tables"]:
            name = t["competition_id"] + (f" {DAGGER}" if t["medals_against"] == "reference-solutions" else "")
            if name not in comp_rows:
                comp_rows.append(name)
    strip_series = []
    for column in report["competitions"]:
        pts = []
        for t in column["tables"]:
            name = t["competition_id"] + (f" {DAGGER}" if t["medals_against"] == "reference-solutions" else "")
            for r in t["runs"]:
                if r["valid_submission"] and r["leaderboard_percentile"] is not None:
                    pts.append((comp_rows.index(name), r["leaderboard_percentile"]))
        strip_series.append((column["column"], pts))
    if any(pts for _, pts in strip_series):
        plots.append(
            _svg.strip_chart(
                "plot-percentile-strip", "Leaderboard percentile per run", comp_rows, strip_series,
                x_label="share of leaderboard beaten (%)",
            )
        )
    plots += _board_plots(report)
    for column in report["competitions"]:
        for t in column["tables"]:
            series = [
                (f"{column['column']} seed {_key(r)}", [(p["elapsed_seconds"] / 60, p["score"]) for p in r["history"]])
                for r in t["runs"]
                if r["history"]
            ]
            if series:
                lower = " (lower is better)" if t["is_lower_better"] else ""
                plots.append(
                    _svg.line_chart(
                        f"plot-score-over-time-{column['column']}-{t['competition_id']}".replace(" ", "_"),
                        f"{t['competition_id']}: score over time", series,
                        x_label="elapsed (min)", y_label=f"score{lower}",
                    )
                )
    return '<div class="plots">' + "".join(plots) + "</div>"


def render_html(report: dict) -> str:
    cols = report["columns"]
    header = "".join(
        f"<li><b>{escape(c['label'])}</b>: agent {escape(c['agent_id'] or '?')}, {c['runs']} runs, "
        f"run group(s) {escape(', '.join(c['run_groups']) or '–')}, seeds paired by {escape(c['seed_mode'])}; "
        f"{escape(budget_label(c))}"
        + "".join(f' <span class="warn">({escape(w)})</span>' for w in c["warnings"])
        + "</li>"
        for c in cols
    )
    splits = "".join(_split_table(s, cols) for s in report["splits"])
    for budget in report.get("time_budgets", []):
        splits += f"<h3>As if the time limit were {escape(budget['at'])}</h3>" + "".join(
            f'<p class="warn">{escape(w)}</p>' for w in budget["warnings"])
        splits += "".join(_split_table({**s, "name": f"{s['name']}-at-{budget['at']}"}, cols) for s in budget["splits"])
    comps = "".join(_competition_table(c) for c in report["competitions"])
    notes = "".join(f"<li>{escape(n)}</li>" for n in report["notes"])
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MLE-bench report</title>"
        f"<style>{CSS}</style></head><body><h1>MLE-bench report</h1>"
        f"<p class=\"note\">generated {escape(report['generated_at'])}</p><ul>{header}</ul>"
        f"<h2>Summary per split</h2>{splits}<h2>Plots</h2>{_plots(report)}<h2>Per competition</h2>{comps}"
        f"{_reference_table(report['reference'])}<h2>Notes</h2><ul><li>{escape(REFERENCE_NOTE)}</li>{notes}</ul>"
        "</body></html>"
    )
