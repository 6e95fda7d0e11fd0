"""``mlebench sandbox cleanup``: remove what killed runs left behind — run cgroups, runtime folders
(``/tmp/mlb-*``) and docker sandbox containers."""

from __future__ import annotations

from typing import Annotated

import typer

from mlebench.cli._common import console

app = typer.Typer(help="Sandbox housekeeping.", no_args_is_help=True)


@app.command("cleanup")
def cleanup(
    all_: Annotated[bool, typer.Option("--all", help="Also what harnesses still running (and, for containers, other hosts) own.")] = False,
) -> None:
    """Remove the cgroups, runtime folders and docker containers of runs whose harness is no longer running.

    Examples:

      mlebench sandbox cleanup

      mlebench sandbox cleanup --all     # also what harnesses still running own
    """
    from mlebench.errors import MLEBenchError
    from mlebench.runner.sandbox.cleanup import sweep

    removed = sweep(include_live=all_)
    try:
        from mlebench.runner.sandbox import docker as docker_backend

        removed += docker_backend.cleanup(all_hosts=all_, include_live=all_)
    except (MLEBenchError, ImportError) as e:  # no engine or SDK here: nothing of docker's to remove
        console.print(f"docker: skipped ({str(e).split('.')[0]})")
    for name in removed:
        console.print(f"removed {name}")
    console.print(f"{len(removed)} item(s) removed")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="sandbox")
