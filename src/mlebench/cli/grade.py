"""``mlebench grade`` and ``mlebench grade-sample``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from mlebench.cli._common import DEFAULT_DATA, DataDir, console, get_registry
from mlebench.errors import MLEBenchError
from mlebench.grading.core import grade_csv, grade_jsonl
from mlebench.grading.report import CompetitionReport, medal_of


def medal_label(report: CompetitionReport) -> str:
    if report.gold_threshold is None:
        return "no leaderboard"
    medal = medal_of(report).value
    if report.medals_against == "reference-solutions":
        return f"{medal} (vs reference solutions, not humans)"
    return medal


def grade(
    submission: Annotated[Path, typer.Option("--submission", help="JSONL file: one {\"competition_id\", \"submission_path\"} per line.")],
    output_dir: Annotated[Path, typer.Option("--output-dir", help="Folder for the <timestamp>_grading_report.json.")],
    data_dir: DataDir = DEFAULT_DATA,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Submissions graded in parallel (processes).")] = 1,
) -> None:
    """Grade many submissions listed in a JSONL file and write one aggregated report.

    Every entry appears in the report, in the file's order whatever `-j`: missing, non-CSV or
    invalid submissions are recorded as invalid with an `invalid_reason`.

    Example (a file with one line per submission, as v1):

      echo '{"competition_id": "offline-tabular-binary", "submission_path": "submission.csv"}' > subs.jsonl

      mlebench grade --submission subs.jsonl --output-dir reports/ -j 2
    """
    out = grade_jsonl(submission, output_dir, registry=get_registry(data_dir), jobs=jobs)
    report = json.loads(out.read_text())
    summary = {k: v for k, v in report.items() if k != "competition_reports"}
    console.print_json(json.dumps(summary))
    for r in report["competition_reports"]:
        if r.get("grading_error"):
            console.print(f"[red]grading error (ours, not the submission's)[/] {r['competition_id']}: {r['grading_error']}",
                          highlight=False)
        elif not r["valid_submission"]:
            console.print(f"[yellow]invalid[/] {r['competition_id']}: {r['invalid_reason']}", highlight=False)
    console.print(f"report written to {out}")


def grade_sample(
    submission: Annotated[Path, typer.Argument(help="The submission CSV.")],
    competition_id: Annotated[str, typer.Argument(help="The competition it is for.")],
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """Grade one submission CSV and print its report (a maintainer's tool; agents never get it).

    An invalid submission is a result (its report says why, exit code 0); a file that is not there is a
    mistake (one line, exit code 2).

    Example (the sample submission of a prepared competition):

      mlebench prepare -c offline-tabular-binary

      cd ~/.cache/mle-bench/data/offline-tabular-binary/prepared/public

      mlebench grade-sample sample_submission.csv offline-tabular-binary
    """
    competition = get_registry(data_dir).get_competition(competition_id)
    if not submission.exists():
        raise MLEBenchError(f"submission file {submission} does not exist")
    if submission.is_dir():
        raise MLEBenchError(f"{submission} is a folder; give the submission CSV file")
    report = grade_csv(submission, competition)
    console.print_json(json.dumps(report.to_dict()))
    if report.valid_submission:
        console.print(f"score {report.score}  medal: {medal_label(report)}", highlight=False)
    else:
        console.print(f"[red]invalid submission:[/] {report.invalid_reason}", highlight=False)
