"""Zip extraction for raw downloads: parallel, resumable, with progress.

Members are extracted by a bounded pool of threads, each with its own handle on the archive
(zlib releases the GIL while inflating, so several members inflate at once). Every member is
written under a temporary name next to its target and renamed into place once complete, so a
crash never leaves a truncated file under a member's name; a rerun skips the members already in
place with their recorded size and extracts the rest. Members that would land outside the
destination (``../x``, absolute paths) refuse the whole archive before anything is written.

``heartbeat`` reports on steps that have no progress of their own (a competition's prepare function).
"""

from __future__ import annotations

import os
import sys
import threading
import time
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


HEARTBEAT_SECONDS = 15.0


def _io_counters() -> tuple[int, int] | None:
    """Bytes this process has read and written so far (Linux ``/proc/self/io``: rchar, wchar), else None."""
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        return int(fields["rchar"]), int(fields["wchar"])
    except (OSError, KeyError, ValueError):
        return None


class heartbeat:  # noqa: N801 - used as a context manager, like contextlib's
    """``with heartbeat("spaceship-titanic: preparing"):`` prints ``label: 1m30s, 2.1 GiB read, 0.8 GiB written``
    every ``every`` seconds while the block runs (for steps that report no progress of their own: a
    competition's prepare function, hashing the prepared files), and a last line when it took that long."""

    def __init__(self, label: str, *, enabled: bool = True, every: float | None = None, stream=None) -> None:
        self.label, self.enabled, self.stream = label, enabled, stream
        self.every = HEARTBEAT_SECONDS if every is None else every
        self._stop = threading.Event()

    def _line(self, suffix: str = "") -> None:
        elapsed = time.monotonic() - self._started
        io = _io_counters()
        done = "" if io is None or self._io is None else (
            f", {(io[0] - self._io[0]) / 2**30:.2f} GiB read, {(io[1] - self._io[1]) / 2**30:.2f} GiB written")
        print(f"{self.label}: {int(elapsed // 60)}m{int(elapsed % 60):02d}s{done}{suffix}",
              file=self.stream or sys.stderr, flush=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            self._line()

    def __enter__(self) -> heartbeat:
        self._started, self._io = time.monotonic(), _io_counters()
        if self.enabled:
            self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind, value, tb) -> None:
        if self.enabled:
            self._stop.set()
            self._thread.join()
            if time.monotonic() - self._started >= self.every:
                self._line(" (failed)" if kind else " (done)")


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
