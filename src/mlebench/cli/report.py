"""``mlebench report``: aggregate run groups or grading reports into tables, JSON and an HTML file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from mlebench.cli._common import DEFAULT_DATA, DataDir, check_writable_dir, console, get_registry
from mlebench.errors import MLEBenchError


def report(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="RUN_GROUP_OR_REPORT",
            help="Run group folders (runs/<group>/) or grading report JSON files, one column each; "
            "LABEL=PATH,PATH combines several (e.g. one run group per seed) into one column.",
        ),
    ],
    split: Annotated[
        Optional[list[str]],
        typer.Option("--split", envvar="MLEBENCH_REPORT_SPLIT", help="Also report this split (a name or a .txt file of ids); repeatable."),
    ] = None,
    seeds: Annotated[
        Optional[int], typer.Option("--seeds", envvar="MLEBENCH_REPORT_SEEDS", help="Use the first N complete seeds (default: all).")
    ] = None,
    pad_missing: Annotated[
        bool, typer.Option("--pad-missing", help="Count missing runs as failures instead of dropping incomplete seeds.")
    ] = False,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write a self-contained HTML report here.")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the report as JSON here.")] = None,
    reference: Annotated[
        Optional[list[Path]],
        typer.Option("--reference", help="CSV of published results to show too (agent,model,split,value[,metric,sem,date,source]); repeatable."),
    ] = None,
    no_reference: Annotated[bool, typer.Option("--no-reference", help="Leave out the built-in published results.")] = False,
    per_competition: Annotated[
        bool, typer.Option("--per-competition/--no-per-competition", help="Print the per-competition tables.")
    ] = True,
    at: Annotated[
        Optional[str],
        typer.Option("--at", envvar="MLEBENCH_REPORT_AT", help="Also every figure as if the time limit had been each of these durations "
                     "(comma-separated, e.g. 1h,6h,24h or 90s,30m), from the runs' submission snapshots."),
    ] = None,
    pool_budgets: Annotated[
        bool, typer.Option("--pool-budgets", envvar="MLEBENCH_REPORT_POOL_BUDGETS", help="Allow one column to pool runs with different time limits, hardware "
                           "or environment profiles (refused otherwise).")
    ] = False,
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """Medal rates per split (mean ± SEM over complete seeds, as v1), pass@k, percentiles, resource use.

    Examples:

      mlebench report runs/2026-11-29T10-00-00_dummy

      mlebench report runs/group-a runs/group-b --html report.html --json report.json

      mlebench report mine=runs/seed0,runs/seed1 --split low --pad-missing

      mlebench report runs/group-a --at 1h,6h,24h --html report.html
    """
    from mlebench.grading.report import json_safe
    from mlebench.reports import build_report, render, render_html

    for path, option in ((json_out, "--json"), (html, "--html")):
        if path is not None:
            check_writable_dir(path.parent, option, "the report")
    data = build_report(
        inputs,
        splits=split,
        seeds=seeds,
        pad_missing=pad_missing,
        reference_files=reference,
        include_builtin_reference=not no_reference,
        registry=get_registry(data_dir),
        at=parse_budgets(at),
        pool_budgets=pool_budgets,
    )
    render(data, console, per_competition=per_competition)
    for path, text in ((json_out, lambda: json.dumps(json_safe(data), indent=2, allow_nan=False)), (html, lambda: render_html(data))):
        if path is None:
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text())
        except OSError as e:
            raise MLEBenchError(f"cannot write {path}: {e.strerror}") from None
        console.print(f"wrote {path}", highlight=False)


def parse_budgets(text: str | None) -> list[tuple[str, float]]:
    """``--at 1h,6h,24h`` as ``[(label, seconds), ...]`` in the order given (duplicates once)."""
    from mlebench.runner.durations import parse_duration

    if text is None:
        return []
    labels = [t.strip() for t in text.split(",") if t.strip()]
    if not labels:
        raise MLEBenchError("--at needs durations, e.g. --at 1h,6h,24h")
    out = {}
    for label in labels:
        seconds = parse_duration(label)
        if seconds <= 0:
            raise MLEBenchError(f"--at {label}: a time budget must be longer than 0")
        out.setdefault(label, seconds)
    return list(out.items())


def register(app: typer.Typer) -> None:
    app.command("report")(report)
