"""Shared CLI plumbing: one-line errors, the data-dir option, competition selection."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from mlebench.errors import MLEBenchError
from mlebench.registry import DEFAULT_DATA_DIR, Registry, with_data_dir

console = Console()
err_console = Console(stderr=True)

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        envvar="MLEBENCH_DATA_DIR",
        help="Where competitions are prepared (ID/raw, ID/prepared/public, ID/prepared/private).",
        show_default=True,
    ),
]
DEFAULT_DATA = DEFAULT_DATA_DIR


def run_app(app: typer.Typer) -> int:
    """Run the typer app; user mistakes print as one line on stderr with exit code 2."""
    logging.basicConfig(level=os.environ.get("MLEBENCH_LOG_LEVEL", "WARNING"), format="%(levelname)s %(name)s: %(message)s")
    try:
        app(standalone_mode=False)
    except MLEBenchError as e:
        err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        return 2
    except typer.Exit as e:
        return e.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except Exception as e:
        import click

        if isinstance(e, click.ClickException):
            e.show()
            return e.exit_code
        raise
    return 0


def get_registry(data_dir: Path | None) -> Registry:
    return with_data_dir(data_dir)


def select_competitions(
    reg: Registry,
    *,
    ids: list[str] | None = None,
    all_: bool = False,
    lite: bool = False,
    split: str | None = None,
    list_file: Path | None = None,
) -> list[str]:
    """Competition ids from exactly one selector; ids listed in a split but not implemented are skipped with a warning."""
    chosen = [bool(ids), all_, lite, split is not None, list_file is not None]
    if sum(chosen) != 1:
        raise MLEBenchError("choose exactly one of -c/--competition-id, --all, --lite, --split, --list")
    if ids:
        for i in ids:
            reg.get_competition(i)  # unknown id → did-you-mean
        return list(dict.fromkeys(ids))
    if all_:
        return reg.list_competition_ids()
    if list_file is not None:
        if not list_file.is_file():
            raise MLEBenchError(f"competition list {list_file} does not exist")
        wanted = [ln.strip() for ln in list_file.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    else:
        wanted = reg.get_split("low" if lite else split)  # type: ignore[arg-type]
    missing = [i for i in wanted if not reg.is_implemented(i)]
    if missing:
        err_console.print(f"[yellow]warning:[/] skipping {len(missing)} competition(s) not implemented here: {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")
    return [i for i in wanted if reg.is_implemented(i)]
