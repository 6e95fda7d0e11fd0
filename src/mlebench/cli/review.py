"""``mlebench review``: rule checks over a run group's runs, written to ``runs/<group>/review.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from mlebench.cli._common import console
from mlebench.errors import MLEBenchError

VERDICT_STYLE = {"clean": "green", "suspicious": "yellow", "violation": "bold red"}


def review(
    run_group: Annotated[Path, typer.Argument(metavar="RUN_GROUP", help="A run group's folder (runs/<group>/).")],
    llm_model: Annotated[
        Optional[str],
        typer.Option("--llm-model", envvar="MLEBENCH_REVIEW_LLM_MODEL",
                     help="Also have this model review each run's logs (needs --llm-base-url)."),
    ] = None,
    llm_base_url: Annotated[
        Optional[str],
        typer.Option("--llm-base-url", envvar="MLEBENCH_REVIEW_LLM_BASE_URL",
                     help="An OpenAI-compatible endpoint (POST {URL}/chat/completions), e.g. https://api.openai.com/v1."),
    ] = None,
    llm_api_key: Annotated[
        str,
        typer.Option("--llm-api-key", envvar=["MLEBENCH_REVIEW_LLM_API_KEY", "OPENAI_API_KEY"], show_default=False,
                     help="The endpoint's API key (never written to review.json); default: $OPENAI_API_KEY."),
    ] = "",
    json_out: Annotated[bool, typer.Option("--json", help="Print review.json to stdout instead of the table.")] = False,
) -> None:
    """Check each run of a run group for signs of rule breaking; write runs/<group>/review.json.

    Each run is clean, suspicious or violation; each finding names its evidence (file, line, fragment):
    - network: connections the llm proxy refused, blocked connections in the logs
    - llm-model: calls to a model other than the agent's own (as logs/usage.json reports them)
    - no-producing-code: a submission that no file in code/ or logs/ writes
    - hand-typed-labels: 20 or more of the submission's predictions typed into code as literals
    - out-of-bounds-path: the private answers, the data dir, other runs, /proc/1/environ named
    With --llm-model, an LLM also answers a fixed rubric over each run's logs (prompt, reply, verdicts kept).
    Flagged runs do not change the exit code: this is a report.

    Examples:

      mlebench review runs/2026-11-29T10-00-00_aide

      mlebench review runs/my-group --json

      mlebench review runs/my-group --llm-model gpt-4o-mini --llm-base-url https://api.openai.com/v1
    """
    from mlebench.integrity.review import REVIEW_FILE, review_group

    if bool(llm_model) != bool(llm_base_url):
        raise MLEBenchError("--llm-model and --llm-base-url go together: give both for an LLM review, or neither")
    report = review_group(run_group, llm_model=llm_model, llm_base_url=llm_base_url, llm_api_key=llm_api_key)
    if json_out:
        typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
        return
    table = Table(title=f"review of {report.run_group}", title_justify="left")
    for col in ("run", "status", "verdict", "findings"):
        table.add_column(col, overflow="fold")
    for r in report.runs:
        shown = [f"[{f.severity}] {f.check}: {f.message}"
                 + (f" ({f.evidence[0].file}{f':{f.evidence[0].line}' if f.evidence[0].line else ''})" if f.evidence else "")
                 for f in r.findings]
        # agent-written text (file names, fragments) is never read as rich markup
        table.add_row(Text(r.run_id), Text(r.status or "?"), Text(r.verdict, style=VERDICT_STYLE[r.verdict]),
                      Text("\n".join(shown) or "-"))
    console.print(table)
    counts = report.counts()
    console.print(f"{len(report.runs)} runs: {counts['clean']} clean, {counts['suspicious']} suspicious, "
                  f"{counts['violation']} violation; details in {run_group / REVIEW_FILE}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
