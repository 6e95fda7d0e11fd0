"""Snapshots of the agent's submission while a run goes: what it would have scored with less time.

A host-side thread watches the workspace's ``submission/submission.csv`` and keeps its versions under
the run folder, outside the workspace (the agent sees nothing)::

    <run>/snapshots/<sha256>.csv     each distinct content once
    <run>/snapshots/snapshots.json   [{elapsed_seconds, sha256, bytes}, ...] in time order

At most one version is kept per ``interval`` seconds, and the version there when the run ends is
always kept. A version's time is when the watcher saw it (never the file's own times, which the agent
sets), so a budget's figures are known to within one interval. The kept files stay within ``quota`` bytes and ``max_count`` entries: when a new one
would cross either, the older entries are thinned to an evenly spaced subset (never the last), so a
submission rewritten thousands of times costs bounded disk.

The file is the agent's, hence hostile: only a regular file is read (opened with ``O_NOFOLLOW`` and
``O_NONBLOCK``, checked with ``fstat``: no link, FIFO or device), at most
``MAX_SUBMISSION_BYTES`` (the limit grading applies), with bounded reads. A file caught while being
written may be kept torn; it is graded as whatever it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mlebench.grading.submission import MAX_SUBMISSION_BYTES
from mlebench.runner.rungroup import read_json

DEFAULT_INTERVAL = 60.0  # seconds between kept versions
MAX_COUNT = 200  # entries kept in the index
INDEX = "snapshots.json"
FOLDER = "snapshots"
_CHUNK = 1 << 20
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True)
class Snapshot:
    elapsed_seconds: float
    sha256: str
    bytes: int

    def to_json(self) -> dict:
        return {"elapsed_seconds": self.elapsed_seconds, "sha256": self.sha256, "bytes": self.bytes}

    @property
    def filename(self) -> str:
        return f"{self.sha256}.csv"


def read_index(run_dir: Path) -> list[Snapshot]:
    """The kept snapshots of a run, in time order (empty when it has none or the index is unreadable)."""
    data = read_json(run_dir / FOLDER / INDEX)
    out = []
    for item in data if isinstance(data, list) else []:
        try:
            snap = Snapshot(float(item["elapsed_seconds"]), str(item["sha256"]), int(item["bytes"]))
        except (KeyError, TypeError, ValueError):
            continue
        if len(snap.sha256) == 64 and all(c in "0123456789abcdef" for c in snap.sha256):
            out.append(snap)
    return sorted(out, key=lambda s: s.elapsed_seconds)


def thin(entries: list[Snapshot], keep: int) -> list[Snapshot]:
    """At most ``keep`` (>= 1) of ``entries``, evenly spaced by position, the last always among them."""
    n = len(entries)
    if n <= keep:
        return list(entries)
    if keep == 1:
        return [entries[-1]]
    picks = sorted({round(i * (n - 1) / (keep - 1)) for i in range(keep)})
    return [entries[i] for i in picks]


class SnapshotWatcher:
    """Keeps versions of ``workspace_submission/submission.csv`` under ``run_dir/snapshots`` while started.

    ``start()`` begins the clock and the thread; ``stop()`` ends the thread, keeps the final version and
    returns the index. ``poll()`` does one look (the thread calls it; tests may too)."""

    def __init__(self, submission_dir: Path, run_dir: Path, *, interval: float = DEFAULT_INTERVAL, quota: int,
                 max_count: int = MAX_COUNT, max_bytes: int = MAX_SUBMISSION_BYTES) -> None:
        self.submission_dir = submission_dir
        self.out = run_dir / FOLDER
        self.interval = max(0.0, float(interval))
        self.quota = max(0, int(quota))
        self.max_count = max(1, int(max_count))
        self.max_bytes = max_bytes
        self.entries: list[Snapshot] = []
        self.notes: list[str] = []
        self._seen: tuple | None = None  # (inode, size, mtime_ns, ctime_ns) of the last version looked at
        self._last_kept_at: float | None = None
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> SnapshotWatcher:
        self.out.mkdir(parents=True, exist_ok=True)
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name="mlebench-snapshots", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        tick = min(1.0, self.interval / 2) if self.interval > 0 else 0.2
        while not self._stop.wait(max(0.05, tick)):
            self.poll()

    def stop(self) -> list[Snapshot]:
        """Stop (once: later calls change nothing) and keep the final version; the kept snapshots."""
        if self._stop.is_set() or self._thread is None:
            self._stop.set()
            return list(self.entries)
        self._stop.set()
        self._thread.join()
        self.poll(final=True)
        return list(self.entries)

    def poll(self, *, final: bool = False) -> None:
        with self._lock:
            now = time.monotonic()
            if not final and self._last_kept_at is not None and now - self._last_kept_at < self.interval:
                return  # one per interval; a newer version is looked at when the interval has passed
            try:
                self._capture(now - self._started)
            except OSError as e:  # the folder vanished or could not be written: look again later
                self._note(f"snapshot not taken: {type(e).__name__}: {e}")

    def _note(self, text: str) -> None:
        if text not in self.notes and len(self.notes) < 20:
            self.notes.append(text)

    def _capture(self, elapsed: float) -> None:
        dfd = os.open(self.submission_dir, _DIR)
        try:
            try:
                fd = os.open("submission.csv", _OPEN, dir_fd=dfd)
            except (FileNotFoundError, OSError):  # absent, or a link (ELOOP): nothing to keep
                return
        finally:
            os.close(dfd)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                self._note("submission.csv is not a regular file; not snapshotted")
                return
            seen = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            if seen == self._seen:
                return
            if st.st_size > self.max_bytes:
                self._note(f"submission.csv over {self.max_bytes} bytes; not snapshotted")
                self._seen = seen
                return
            snap = self._copy(fd, elapsed)
            self._seen = seen
        finally:
            os.close(fd)
        if snap is not None:
            self._add(snap)

    def _copy(self, fd: int, elapsed: float) -> Snapshot | None:
        """Copy the open file into a temp file while hashing it; None when over the size limit or the quota."""
        limit = min(self.max_bytes, self.quota)
        tmp = self.out / f".incoming.{os.getpid()}.{threading.get_ident()}"
        digest, size = hashlib.sha256(), 0
        with open(tmp, "wb") as f:
            while size <= limit:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                digest.update(chunk)
                f.write(chunk)
        if size > limit:
            tmp.unlink()
            self._note(f"a version of submission.csv is over the snapshot quota ({limit} bytes); not kept")
            return None
        snap = Snapshot(round(elapsed, 3), digest.hexdigest(), size)
        if self.entries and self.entries[-1].sha256 == snap.sha256:
            tmp.unlink()
            return None  # the same content again (rewritten, touched): the earlier time stands
        dest = self.out / snap.filename
        if dest.exists():
            tmp.unlink()
        else:
            tmp.replace(dest)
        self._last_kept_at = time.monotonic()
        return snap

    def _add(self, snap: Snapshot) -> None:
        entries = [*self.entries, snap]
        while len(entries) > 1 and (len(entries) > self.max_count or _stored_bytes(entries) > self.quota):
            entries = thin(entries, max(1, min(self.max_count, len(entries) - 1)) if len(entries) > 2 else 1)
        self.entries = entries
        self._prune()
        # atomic but not synced: the run's run.json (synced) records the final list
        tmp = self.out / f".{INDEX}.tmp"
        tmp.write_text(json.dumps([e.to_json() for e in self.entries]))
        tmp.replace(self.out / INDEX)

    def _prune(self) -> None:
        """Remove the files no kept entry names."""
        wanted = {e.filename for e in self.entries}
        for path in self.out.glob("*.csv"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)


def _stored_bytes(entries: list[Snapshot]) -> int:
    return sum({e.sha256: e.bytes for e in entries}.values())
