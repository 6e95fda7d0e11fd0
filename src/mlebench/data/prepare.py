"""Preparing competitions: raw files → ``prepared/public`` + ``prepared/private``.

Atomic: everything is written under ``prepared.partial-<pid>/`` and renamed into place only
after checksums are verified, with ``manifest.json`` written last inside it. A crash leaves
only a partial folder, which the next run removes; a crash while extracting raw archives leaves
``raw.extracting/`` (and the downloaded zip), which the next run continues from. Idempotent: a prepared competition is
skipped unless ``overwrite`` is asked for.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mlebench import __version__
from mlebench.data import checksums as cks
from mlebench.data import kaggle
from mlebench.data.extract import heartbeat
from mlebench.errors import MLEBenchError
from mlebench.registry import Competition


@dataclass(frozen=True)
class PrepareOptions:
    raw_dir: Path | None = None  # folder of already-downloaded raw files: <raw_dir>/<id>/ or <raw_dir>/<id>.zip
    keep_raw: bool = False
    overwrite: bool = False
    overwrite_checksums: bool = False
    skip_verification: bool = False
    kaggle_api: Any = None
    progress: bool | None = None  # print progress (extraction, preparing, checksums) to stderr; None: when stderr is a terminal


@dataclass(frozen=True)
class PrepareResult:
    competition_id: str
    status: str  # "prepared" | "already prepared"
    seconds: float
    bytes: int


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _mark_complete(folder: Path) -> None:
    (folder / ".complete").write_text(datetime.now(timezone.utc).isoformat())


def ensure_raw(competition: Competition, opts: PrepareOptions) -> Path:
    """Return a folder holding the competition's raw files, downloading or generating them if needed."""
    slug = competition.config.kaggle_id or competition.id
    progress = sys.stderr.isatty() if opts.progress is None else opts.progress
    if opts.raw_dir is not None:
        given = Path(opts.raw_dir)
        folder, zipped = given / competition.id, given / f"{competition.id}.zip"
        if folder.is_dir():
            return folder
        if zipped.is_file():
            return _resumable(competition.raw_dir, lambda work: kaggle.extract(zipped, work, progress=progress))
        raise MLEBenchError(
            f"--raw-dir {given}: expected the raw files of '{competition.id}' in {folder}/ or {zipped}"
        )
    if competition.config.source == "generator":
        gen = competition.generate_fn
        if gen is None:
            raise MLEBenchError(f"{competition.id}: source is 'generator' but config.yaml names no generator")
        return _materialise(competition.raw_dir, gen)

    downloads = competition.root / "download"  # kept until extracted, so a failed extraction is not a new download

    def download(work: Path) -> None:
        zip_path = _downloaded_zip(downloads) or kaggle.download_competition(slug, downloads, api=opts.kaggle_api)
        kaggle.extract(zip_path, work, progress=progress)

    try:
        raw = _resumable(competition.raw_dir, download)
    finally:
        if not _downloaded_zip(downloads):
            shutil.rmtree(downloads, ignore_errors=True)
    shutil.rmtree(downloads, ignore_errors=True)
    return raw


def _downloaded_zip(folder: Path) -> Path | None:
    """The zip a previous run downloaded into ``folder``, if it is whole (a truncated one is removed)."""
    for path in sorted(folder.glob("*.zip")) if folder.is_dir() else []:
        if zipfile.is_zipfile(path):
            return path
        path.unlink()
    return None


def _materialise(target: Path, fill) -> Path:
    """Fill ``target`` atomically (a partial folder renamed into place, with a completion marker)."""
    if (target / ".complete").exists():
        return target
    tmp = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        fill(tmp)
    except BaseException:  # a failed download or extraction leaves nothing behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _mark_complete(tmp)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def _resumable(target: Path, fill) -> Path:
    """Fill ``target`` through ``<target>.extracting/``, which survives a failure: the next run continues
    from what it holds (extraction skips complete members). One process at a time (a lock on the folder)."""
    if (target / ".complete").exists():
        return target
    work = target.with_name(f"{target.name}.extracting")
    work.mkdir(parents=True, exist_ok=True)
    fd = os.open(work, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise MLEBenchError(f"another process is extracting into {work}; wait for it to finish") from None
        try:
            fill(work)
        except BaseException:
            if not any(work.iterdir()):
                work.rmdir()
            raise
        _mark_complete(work)
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
    finally:
        os.close(fd)
    return target


def _clean_partials(root: Path) -> None:
    for p in root.glob("*.partial-*") if root.exists() else []:
        shutil.rmtree(p, ignore_errors=True)


def prepare_competition(competition: Competition, opts: PrepareOptions = PrepareOptions()) -> PrepareResult:
    import time

    started = time.perf_counter()
    if competition.is_prepared() and not opts.overwrite:
        return PrepareResult(competition.id, "already prepared", 0.0, _dir_size(competition.prepared_dir))
    competition.root.mkdir(parents=True, exist_ok=True)
    _clean_partials(competition.root)
    raw = ensure_raw(competition, opts)

    tmp = competition.root / f"prepared.partial-{os.getpid()}"
    public, private = tmp / "public", tmp / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    progress = sys.stderr.isatty() if opts.progress is None else opts.progress
    with heartbeat(f"{competition.id}: preparing", enabled=progress):
        competition.prepare_fn(raw=raw, public=public, private=private)
    description = competition.folder / "description.md"
    if description.exists():
        shutil.copyfile(description, public / "description.md")

    with heartbeat(f"{competition.id}: checksumming the prepared files", enabled=progress):
        actual = cks.checksum_tree(tmp)
    expected = cks.read_checksums(competition.checksums)
    skipped_because = None
    recorded_python = competition.config.extra.get("checksums_python")
    running_python = "{}.{}".format(*sys.version_info[:2])
    if expected is not None and recorded_python and str(recorded_python) != running_python:
        # data read from the Python installation itself (e.g. stdlib texts) differs between versions
        skipped_because = f"checksums were recorded with Python {recorded_python}, this is Python {running_python}"
        expected = None
    if opts.overwrite_checksums:
        # description.md is ours, not the data's: it is never part of the recorded checksums
        cks.write_checksums(competition.checksums, {k: v for k, v in actual.items() if k != "public/description.md"})
    elif expected is not None and not opts.skip_verification:
        problems = cks.diff_checksums(expected, actual)
        if problems:
            shutil.rmtree(tmp, ignore_errors=True)
            shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
            raise MLEBenchError(
                f"{competition.id}: prepared files do not match the recorded checksums ({shown}). "
                "Re-download the raw files, or pass --skip-verification to keep them anyway."
            )
    manifest = {
        "competition_id": competition.id,
        "competition_version": competition.version,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "mlebench_version": __version__,
        "verified": expected is not None and not opts.skip_verification,
        "verification_skipped": skipped_because,
        "checksums": actual,
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    shutil.rmtree(competition.prepared_dir, ignore_errors=True)
    tmp.rename(competition.prepared_dir)
    if not opts.keep_raw and opts.raw_dir is None:
        shutil.rmtree(competition.raw_dir, ignore_errors=True)
    return PrepareResult(competition.id, "prepared", time.perf_counter() - started, _dir_size(competition.prepared_dir))


def verify_prepared(competition: Competition) -> list[str]:
    """Problems with a prepared competition's files against its manifest (empty when intact)."""
    manifest_path = competition.prepared_dir / "manifest.json"
    if not manifest_path.exists():
        return ["not prepared"]
    manifest = json.loads(manifest_path.read_text())
    return cks.diff_checksums(manifest["checksums"], cks.checksum_tree(competition.prepared_dir), strict=True)
