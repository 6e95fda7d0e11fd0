"""``mlebench sandbox cleanup``: remove docker sandbox containers that a crashed harness left behind."""

from __future__ import annotations

from typing import Annotated

import typer

from mlebench.cli._common import console

app = typer.Typer(help="Sandbox housekeeping.", no_args_is_help=True)


@app.command("cleanup")
def cleanup(
    all_: Annotated[bool, typer.Option("--all", help="Also containers of harnesses still running and of other hosts.")] = False,
) -> None:
    """Remove the docker sandbox's containers (found by label) whose harness is no longer running.

    Examples:

      mlebench sandbox cleanup

      mlebench sandbox cleanup --all     # also those of harnesses still running
    """
    from mlebench.runner.sandbox import docker as docker_backend

    removed = docker_backend.cleanup(all_hosts=all_, include_live=all_)
    for name in removed:
        console.print(f"removed {name}")
    console.print(f"{len(removed)} container(s) removed")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="sandbox")
