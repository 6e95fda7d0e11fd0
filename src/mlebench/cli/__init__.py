"""The ``mlebench`` command line. One module per verb; each is thin: parse, call the library, print."""

from __future__ import annotations

import sys

import typer

from mlebench.cli import dev, grade, leaderboard, listing, plagiarism, prepare, report, review, run, sandbox
from mlebench.cli._common import run_app

app = typer.Typer(
    name="mlebench",
    help="MLE-bench: prepare competitions, run agents on them in a sandbox, grade and report.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.command("prepare")(prepare.prepare)
app.command("grade")(grade.grade)
app.command("grade-sample")(grade.grade_sample)
app.command("list")(listing.list_competitions)
app.add_typer(dev.app, name="dev")

for _verb in (run, report, sandbox, leaderboard, review, plagiarism):
    _verb.register(app)


def main() -> None:
    sys.exit(run_app(app))
