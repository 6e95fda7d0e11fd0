"""Shared CLI plumbing: one error path, the data-dir option, competition selection.

Every way the command line can end goes through :func:`run_app`:

- a usage mistake (unknown command or option, a missing or bad value) and every ``MLEBenchError``:
  one line on stderr, exit code 2;
- ``typer.Exit(code)``: that code;
- any other exception (our bug): one line naming a log file that holds the traceback, exit code 1.

typer has shipped with click as a dependency and, since 0.2x, with its own copy (``typer._click``);
the click exception class is therefore found through typer's public ``BadParameter`` rather than
by importing ``click``, which may not be installed at all.
"""

from __future__ import annotations

import difflib
import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from mlebench.errors import MLEBenchError
from mlebench.registry import DEFAULT_DATA_DIR, Registry, with_data_dir

WIDE = 250  # columns when the output is not a terminal: tables are never cut for a file or a pipe


def make_console(*, stderr: bool = False) -> Console:
    """A rich console; piped or redirected (no terminal, no COLUMNS), it is wide instead of rich's 80 columns."""
    c = Console(stderr=stderr)
    if not c.is_terminal and not os.environ.get("COLUMNS"):
        c = Console(stderr=stderr, width=WIDE)
    return c


console = make_console()
err_console = make_console(stderr=True)

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
USAGE_ERROR = 2
LOG_DIR_ENV = "MLEBENCH_LOG_DIR"


def _click_base(name: str) -> type[BaseException]:
    """The click exception class ``name`` that the installed typer raises (its own copy or click's)."""
    for cls in typer.BadParameter.__mro__:
        if cls.__name__ == name:
            return cls
    raise RuntimeError(f"typer.BadParameter does not derive from a class named {name}")  # pragma: no cover


ClickException = _click_base("ClickException")
UsageError = _click_base("UsageError")


def error_line(message: str) -> None:
    """Print ``error: <message>`` as one line on stderr (no markup interpretation, no wrapping)."""
    flat = " ".join(str(message).split())
    err_console.print(Text.assemble(("error: ", "bold red"), flat), soft_wrap=True, highlight=False)


def _usage_message(e: BaseException) -> str:
    message = e.format_message()  # type: ignore[attr-defined]
    ctx = getattr(e, "ctx", None)
    if ctx is None:
        return message
    if message.startswith("No such command") and "Did you mean" not in message:  # typers without suggestions
        group = ctx.command
        names = group.list_commands(ctx) if hasattr(group, "list_commands") else []
        typo = message.split("'")[1] if message.count("'") >= 2 else ""
        close = difflib.get_close_matches(typo, names, n=3)
        if close:
            message = f"{message.rstrip('.')}. Did you mean {', '.join(repr(c) for c in close)}?"
    return f"{message.rstrip()} (see: {ctx.command_path} --help)"


def crash_log_dir() -> Path:
    return Path(os.environ.get(LOG_DIR_ENV) or Path.home() / ".cache" / "mle-bench" / "logs")


def _write_crash_log(e: BaseException) -> Path | None:
    text = f"mlebench {' '.join(sys.argv[1:])}\n\n" + "".join(traceback.format_exception(e))
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    for folder in (crash_log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text)
            return path
        except OSError:
            continue
    return None


def run_app(app: typer.Typer, args: list[str] | None = None) -> int:
    """Run the typer app and return the exit code (see the module docstring for the contract)."""
    logging.basicConfig(level=os.environ.get("MLEBENCH_LOG_LEVEL", "WARNING"), format="%(levelname)s %(name)s: %(message)s")
    try:
        rv: Any = app(args=args, prog_name="mlebench", standalone_mode=False)
    except MLEBenchError as e:
        error_line(str(e))
        return USAGE_ERROR
    except ClickException as e:
        if type(e).__name__ == "NoArgsIsHelpError":  # `mlebench` or `mlebench env` alone: the help
            typer.echo(e.format_message())  # type: ignore[attr-defined]
            return USAGE_ERROR
        error_line(_usage_message(e) if isinstance(e, UsageError) else e.format_message())  # type: ignore[attr-defined]
        return USAGE_ERROR
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("interrupted")
        return 130
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except Exception as e:  # our bug: one line for the user, the traceback in a file
        log = _write_crash_log(e)
        where = f"; the traceback is in {log}" if log else ""
        error_line(f"internal error ({type(e).__name__}: {e}){where}. Please report it.")
        return 1
    # standalone_mode=False: typer returns typer.Exit's code instead of raising it
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0


def check_writable_dir(folder: Path, option: str, what: str) -> None:
    """``folder`` exists (or can be made) and takes new entries; else one line naming ``option``."""
    if folder.exists() and not folder.is_dir():
        raise MLEBenchError(f"{option} {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=".mlebench-check-", dir=folder))
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise MLEBenchError(f"{option} {folder} cannot hold {what} ({reason}); choose a writable folder") from None


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
    what = f"split {split or 'low'}" if list_file is None else str(list_file)
    if missing and len(missing) == len(wanted):
        raise MLEBenchError(f"{what}: none of its {len(wanted)} competitions is implemented here (see: mlebench list --split {split or 'low'})"
                            if list_file is None else f"{what}: none of its {len(wanted)} competitions is implemented here")
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        err_console.print(f"[yellow]warning:[/] {what}: {len(wanted) - len(missing)} of {len(wanted)} competitions implemented here; "
                          f"skipping {len(missing)}: {shown}", highlight=False)
    return [i for i in wanted if reg.is_implemented(i)]
