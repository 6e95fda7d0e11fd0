"""``mlebench plagiarism``: each run's code against reference solutions, written to ``runs/<group>/plagiarism.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from mlebench.cli._common import console


def plagiarism(
    run_group: Annotated[Path, typer.Argument(metavar="RUN_GROUP", help="A run group's folder (runs/<group>/).")],
    corpus: Annotated[
        Path,
        typer.Option("--corpus", envvar="MLEBENCH_PLAGIARISM_CORPUS",
                     help="A folder of reference solutions (.py files and .ipynb notebooks, e.g. public Kaggle notebooks)."),
    ],
    threshold: Annotated[
        float,
        typer.Option("--threshold", envvar="MLEBENCH_PLAGIARISM_THRESHOLD",
                     help="Flag a run file when this share of its code (0-1) is found in one reference file."),
    ] = 0.5,
    json_out: Annotated[bool, typer.Option("--json", help="Print plagiarism.json to stdout instead of the table.")] = False,
) -> None:
    """Compare each run's code/ (.py, .ipynb) with reference solutions; write runs/<group>/plagiarism.json.

    copydetect fingerprints the code (renamed variables and moved code still match). A run file is
    flagged when at least --threshold of it is found in one corpus file; the matching fragments of
    both are shown and kept. Notebooks' code cells are compared. Flagged runs do not change the exit
    code: this is a report.

    Examples:

      mlebench plagiarism runs/2026-11-29T10-00-00_aide --corpus notebooks/spaceship-titanic

      mlebench plagiarism runs/my-group --corpus refs/ --threshold 0.3 --json
    """
    from mlebench.integrity.plagiarism import PLAGIARISM_FILE, check_group

    report = check_group(run_group, corpus, threshold=threshold)
    if json_out:
        typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
        return
    table = Table(title=f"plagiarism in {report.run_group} against {report.corpus_files} corpus files",
                  title_justify="left")
    for col in ("run", "code files", "max similarity", "flagged"):
        table.add_column(col, overflow="fold")
    for r in report.runs:
        pairs = "\n".join(f"{m.file} ~ {m.corpus_file}: {m.similarity:.0%}" for m in r.matches) or "-"
        table.add_row(Text(r.run_id), str(r.files), f"{r.max_similarity:.0%}", Text(pairs))
    console.print(table)
    for r in report.runs:
        for m in r.matches:
            if m.fragments:
                f = m.fragments[0]
                console.print(f"\n{r.run_id}: {m.file} lines {f.run_lines[0]}-{f.run_lines[1]} = "
                              f"{m.corpus_file} lines {f.corpus_lines[0]}-{f.corpus_lines[1]}:", highlight=False)
                console.print(f.run_text, markup=False, highlight=False)
    flagged = sum(r.flagged for r in report.runs)
    console.print(f"\n{len(report.runs)} runs, {flagged} flagged at threshold {report.threshold:g}; "
                  f"details in {run_group / PLAGIARISM_FILE}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("plagiarism")(plagiarism)
