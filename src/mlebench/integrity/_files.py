"""Reading what an agent left behind, as hostile input.

A run's ``code/`` and ``logs/`` were written by the agent: every file is opened without following
links, must be a regular file, and is read up to a bound; binary files are skipped; a folder holds at
most ``MAX_FILES`` files that are looked at. Nothing here raises on a strange file: it is left out.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_TEXT_BYTES = 4 * 1024**2  # of one file; the rest of a longer file is not read
MAX_FILES = 2000  # files looked at in one folder
MAX_FOLDER_BYTES = 64 * 1024**2  # text read from one folder, all files together
MAX_DEPTH = 16
RUN_FOLDERS = ("code", "logs")
# files that hold data rather than code: predictions saved by code are not "typed in by hand"
DATA_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".parquet", ".feather", ".arrow", ".npy", ".npz",
                           ".pkl", ".pickle", ".h5", ".hdf5", ".pt", ".pth", ".bin"})


@dataclass(frozen=True)
class TextFile:
    rel: str  # as shown in evidence: code/x.py, logs/agent.log, agent/start.sh
    folder: str  # code, logs or agent
    text: str
    truncated: bool

    @property
    def is_data(self) -> bool:
        return Path(self.rel).suffix.lower() in DATA_SUFFIXES

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def line_text(self, line: int, limit: int = 240) -> str:
        lines = self.text.split("\n", line)
        text = lines[line - 1] if len(lines) >= line else ""
        text = text.strip()
        return text if len(text) <= limit else text[: limit - 1] + "…"


def read_bytes(path: Path, limit: int) -> bytes | None:
    """Up to ``limit`` bytes of a regular file (not through a link); None when it is anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return None
        return f.read(limit)


def decode(raw: bytes) -> str | None:
    """Text, or None for binary content (a NUL byte in its first 8 KiB)."""
    if b"\0" in raw[:8192]:
        return None
    return raw.decode("utf-8", errors="replace")


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str, bool] | None:
    raw = read_bytes(path, limit + 1)
    if raw is None:
        return None
    text = decode(raw[:limit])
    return None if text is None else (text, len(raw) > limit)


def read_json(path: Path, limit: int = MAX_TEXT_BYTES) -> dict | None:
    raw = read_bytes(path, limit)
    try:
        data = json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def walk_files(root: Path, *, max_files: int = MAX_FILES) -> Iterator[Path]:
    """Regular files under ``root`` (links never followed), sorted, at most ``max_files``."""
    if not root.is_dir() or root.is_symlink():
        return
    seen = 0
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        subfolders.append((Path(e.path), depth + 1))
                elif e.is_file(follow_symlinks=False):
                    yield Path(e.path)
                    seen += 1
                    if seen >= max_files:
                        return
            except OSError:
                continue
        stack.extend(reversed(subfolders))


def text_files(root: Path, label: str) -> Iterator[TextFile]:
    """The text files under ``root``, each labelled ``label/<path inside root>``."""
    budget = MAX_FOLDER_BYTES
    for path in walk_files(root):
        if budget <= 0:
            return
        read = read_text(path, min(MAX_TEXT_BYTES, budget))
        if read is not None:
            budget -= len(read[0])
            yield TextFile(f"{label}/{path.relative_to(root).as_posix()}", label, *read)


def run_text_files(run_dir: Path) -> list[TextFile]:
    """The text files of a run's ``code/`` and ``logs/``."""
    return [f for folder in RUN_FOLDERS for f in text_files(run_dir / folder, folder)]
