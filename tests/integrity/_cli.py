"""The review and plagiarism verbs on a typer app of their own (as ``mlebench`` registers them)."""

from __future__ import annotations

import typer

from mlebench.cli import plagiarism, review
from mlebench.cli._common import run_app

app = typer.Typer(name="mlebench", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
review.register(app)
plagiarism.register(app)


def cli(*args: object) -> int:
    return run_app(app, [str(a) for a in args])
