"""``mlebench prepare``: download or generate raw files and build the prepared folders."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mlebench.cli._common import (DEFAULT_DATA, DataDir, check_writable_dir, console, err_console, error_line, get_registry,
                                  select_competitions)
from mlebench.data import kaggle
from mlebench.data.prepare import PrepareOptions, PrepareResult, prepare_competition
from mlebench.data.space import check_space, space_needed
from mlebench.errors import MLEBenchError
from mlebench.registry import Competition


def _describe(e: Exception) -> str:
    return str(e) if isinstance(e, MLEBenchError) else f"internal error ({type(e).__name__}: {e})"


def _prepare_one(data_dir: Path, comp_id: str, opts: PrepareOptions) -> PrepareResult:
    return prepare_competition(get_registry(data_dir).get_competition(comp_id), opts)


def prepare(
    competition_id: Annotated[Optional[list[str]], typer.Option("-c", "--competition-id", help="Competition to prepare (repeatable).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Prepare every known competition.")] = False,
    lite: Annotated[bool, typer.Option("--lite", help="Prepare the Lite (low-complexity) split.")] = False,
    split: Annotated[Optional[str], typer.Option("--split", help="Prepare a named split, e.g. offline, offline-lite, low, medium.")] = None,
    list_file: Annotated[Optional[Path], typer.Option("--list", help="A text file of competition ids, one per line.")] = None,
    data_dir: DataDir = DEFAULT_DATA,
    keep_raw: Annotated[bool, typer.Option("--keep-raw", help="Keep raw downloads after preparing.")] = False,
    raw_dir: Annotated[Optional[Path], typer.Option("--raw-dir", help="Use already-downloaded raw files: DIR/ID/ or DIR/ID.zip.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Prepare again even if already prepared.")] = False,
    overwrite_checksums: Annotated[bool, typer.Option("--overwrite-checksums", help="Record the produced files' checksums as the expected ones (maintainers).")] = False,
    skip_verification: Annotated[bool, typer.Option("--skip-verification", help="Do not compare prepared files with recorded checksums.")] = False,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Competitions prepared in parallel.")] = 1,
) -> None:
    """Prepare competitions: get the raw files (Kaggle, --raw-dir, or a generator for the offline
    suite), split them into public files for the agent and private answers, verify checksums.

    Examples:

      mlebench prepare --split offline-lite       # the offline suite's quick split, no Kaggle needed

      mlebench prepare -c aerial-cactus-identification   # from Kaggle (needs KAGGLE_API_TOKEN or ~/.kaggle/access_token)

      mlebench prepare --lite --raw-dir ~/kaggle-downloads -j 4   # files you downloaded: DIR/ID/ or DIR/ID.zip
    """
    reg = get_registry(data_dir)
    ids = select_competitions(reg, ids=competition_id, all_=all_, lite=lite, split=split, list_file=list_file)
    if not ids:
        raise MLEBenchError("nothing to prepare")
    if raw_dir is not None and not raw_dir.is_dir():
        raise MLEBenchError(f"--raw-dir {raw_dir} is not a directory")
    check_writable_dir(reg.get_data_dir(), "--data-dir", "prepared competitions")
    downloads = [] if raw_dir is not None else [cid for cid in ids if _downloads(reg.get_competition(cid), overwrite)]
    if len(ids) > 1 and downloads:  # before credentials and downloads: will it fit?
        raw_present = [cid for cid in ids if _raw_waiting(reg.get_competition(cid), overwrite)]
        err_console.print(check_space(reg.get_data_dir(), space_needed(downloads, raw_present)), highlight=False, soft_wrap=True)
    if downloads:
        kaggle.require_credentials()  # before any folder is made: one message, nothing left behind
    opts = PrepareOptions(raw_dir=raw_dir, keep_raw=keep_raw, overwrite=overwrite,
                          overwrite_checksums=overwrite_checksums, skip_verification=skip_verification)
    if len(ids) == 1:  # one competition: its failure is the command's error (one line), no progress bar
        results = [_prepare_one(reg.get_data_dir(), ids[0], opts)]
        failures: dict[str, str] = {}
    else:
        results, failures = _prepare_many(reg.get_data_dir(), ids, opts, jobs)
    table = Table("competition", "status", "seconds", "MB")
    for r in sorted(results, key=lambda r: r.competition_id):
        table.add_row(r.competition_id, r.status, f"{r.seconds:.1f}", f"{r.bytes / 1e6:.1f}")
    for cid, msg in failures.items():
        table.add_row(cid, "[red]failed[/]", "", "")
    console.print(table)
    console.print(f"data dir: {reg.get_data_dir()}")
    if failures:
        for cid, msg in failures.items():
            error_line(f"{cid}: {msg}")
        raise typer.Exit(1)


def _downloads(comp: Competition, overwrite: bool) -> bool:
    """Whether preparing ``comp`` will download from Kaggle."""
    if comp.config.source != "kaggle" or (comp.is_prepared() and not overwrite):
        return False
    return not (comp.raw_dir / ".complete").exists()


def _raw_waiting(comp: Competition, overwrite: bool) -> bool:
    """Whether ``comp`` has its Kaggle raw files here but still has to be prepared."""
    if comp.config.source != "kaggle" or (comp.is_prepared() and not overwrite):
        return False
    return (comp.raw_dir / ".complete").exists()


def _prepare_many(data_dir: Path, ids: list[str], opts: PrepareOptions, jobs: int) -> tuple[list[PrepareResult], dict[str, str]]:
    """Prepare several competitions with a progress bar; one broken competition does not stop the others."""
    results: list[PrepareResult] = []
    failures: dict[str, str] = {}
    with Progress(TextColumn("[bold]preparing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err_console, transient=False) as progress:
        task = progress.add_task("", total=len(ids))
        if jobs == 1:
            for cid in ids:
                progress.update(task, description=cid)
                try:
                    results.append(_prepare_one(data_dir, cid, opts))
                except Exception as e:
                    failures[cid] = _describe(e)
                progress.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(_prepare_one, data_dir, cid, opts): cid for cid in ids}
                for fut in as_completed(futures):
                    cid = futures[fut]
                    try:
                        results.append(fut.result())
                    except Exception as e:
                        failures[cid] = _describe(e)
                    progress.update(task, description=cid)
                    progress.advance(task)
    return results, failures
