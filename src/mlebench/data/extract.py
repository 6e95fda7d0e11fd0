"""Zip extraction for raw downloads: parallel, resumable, with progress.

Members are extracted by a bounded pool of threads, each with its own handle on the archive
(zlib releases the GIL while inflating, so several members inflate at once). Every member is
written under a temporary name next to its target and renamed into place once complete, so a
crash never leaves a truncated file under a member's name; a rerun skips the members already in
place with their recorded size and extracts the rest. Members that would land outside the
destination (``../x``, absolute paths) refuse the whole archive before anything is written.
"""

from __future__ import annotations

import os
import sys
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mlebench.errors import MLEBenchError

PART_SUFFIX = ".mlebench-part"
CHUNK = 1 << 20
Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def print_progress(label: str, *, every: int = 10, stream=None) -> Progress:
    """A progress callback printing ``label: N% (done/total MiB)`` once per ``every`` percent."""
    shown = [-1]
    lock = threading.Lock()

    def report(done: int, total: int) -> None:
        step = 100 if total <= 0 else done * 100 // total // every * every
        with lock:
            if step > shown[0]:
                shown[0] = step
                print(f"{label}: {step}% ({done / 2**20:.1f}/{total / 2**20:.1f} MiB)", file=stream or sys.stderr, flush=True)

    return report


def _checked_members(zip_path: Path, dest: Path) -> list[zipfile.ZipInfo]:
    root = dest.resolve()
    with zipfile.ZipFile(zip_path) as zf:
        infos = zf.infolist()
    for info in infos:
        target = (dest / info.filename).resolve()
        if root not in target.parents and target != root:
            raise MLEBenchError(f"{zip_path.name}: member '{info.filename}' escapes the extraction folder")
    return infos


def extract_zip(
    zip_path: Path,
    dest: Path,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    before_member: Callable[[zipfile.ZipInfo], None] | None = None,
) -> list[str]:
    """Extract ``zip_path`` into ``dest``; return its member names.

    Resumable: a member whose target already exists with the recorded size is skipped.
    ``before_member`` is called before a member is written (tests use it to crash mid-way).
    """
    dest.mkdir(parents=True, exist_ok=True)
    infos = _checked_members(zip_path, dest)
    files = list({i.filename: i for i in infos if not i.is_dir()}.values())  # a repeated name: the last one, as extractall
    total = sum(i.file_size for i in files)
    done = [0]
    lock = threading.Lock()
    local = threading.local()
    handles: list[zipfile.ZipFile] = []

    def advance(n: int) -> None:
        with lock:
            done[0] += n
            now = done[0]
        if progress is not None:
            progress(now, total)

    def one(info: zipfile.ZipInfo) -> None:
        target = dest / info.filename
        if target.is_file() and target.stat().st_size == info.file_size:
            advance(info.file_size)
            return
        if before_member is not None:
            before_member(info)
        zf = getattr(local, "zf", None)
        if zf is None:
            zf = local.zf = zipfile.ZipFile(zip_path)
            with lock:
                handles.append(zf)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + PART_SUFFIX)
        try:
            with zf.open(info) as src, open(part, "wb") as out:
                while block := src.read(CHUNK):
                    out.write(block)
                    advance(len(block))
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        os.replace(part, target)

    for info in infos:
        if info.is_dir():
            (dest / info.filename).mkdir(parents=True, exist_ok=True)
    if progress is not None:
        progress(0, total)
    pool = ThreadPoolExecutor(max_workers=workers or default_workers())
    try:
        for future in [pool.submit(one, info) for info in files]:
            future.result()
    finally:  # on a failure, members not started yet are dropped; the next run extracts them
        pool.shutdown(wait=True, cancel_futures=True)
        for zf in handles:
            zf.close()
    return [i.filename for i in infos]
