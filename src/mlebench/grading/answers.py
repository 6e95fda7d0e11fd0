"""Answers loaded once per competition per process: a small LRU cache keyed by the file's identity.

Graders run thousands of times per study (every run of a group, every validation request), and
parsing a competition's answers can cost as much as grading. ``load_answers_cached(path)`` keeps
the parsed answers keyed by path, and re-reads them when the file's ``(mtime_ns, size, inode)``
changes (a re-prepared competition). The cache is bounded by entry count and by estimated bytes
(``MLEBENCH_ANSWERS_CACHE_ENTRIES``, ``MLEBENCH_ANSWERS_CACHE_MB``); the least recently used entry
goes first. Each caller gets its own copy: a shallow one of a DataFrame (pandas' copy-on-write
makes any change to it copy the data first, so the cached frame never changes), a deep one of
JSON(L) answers. The cached frame's NumPy columns are also made read-only, so that even a write
that copy-on-write does not see (``frame[c].array[i] = v``) fails instead of changing the answers
every later caller gets.
"""

from __future__ import annotations

import copy
import os
import stat
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mlebench.utils import load_answers

MAX_ENTRIES = int(os.environ.get("MLEBENCH_ANSWERS_CACHE_ENTRIES", 8))
MAX_BYTES = int(float(os.environ.get("MLEBENCH_ANSWERS_CACHE_MB", 2048)) * 1024**2)


class AnswersCache:
    """An LRU of parsed files (answers by default; ``loader`` reads others), bounded by ``max_entries`` and ``max_bytes``."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES, *,
                 loader: Callable[[Path], Any] = load_answers, copier: Callable[[Any], Any] | None = None) -> None:
        """``copier`` makes each caller's copy of a cached value (default: ``_copy``, see the module docstring);
        a loader whose values are immutable can pass ``lambda v: v``."""
        self.max_entries, self.max_bytes, self._loader = max_entries, max_bytes, loader
        self._copy = copier or _copy
        self._entries: OrderedDict[str, tuple[tuple[int, int, int], Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, path: Path | str) -> Any:
        """The answers at ``path`` (``load_answers``' result), parsed again only if the file changed."""
        path = Path(path)
        key = str(path.resolve())
        stamp = _stamp(path)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and stamp is not None and entry[0] == stamp:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._handed_out(entry[1])
        answers = self._loader(path)  # outside the lock: other competitions need not wait
        size = _size_of(answers)
        with self._lock:
            self.misses += 1
            self._entries.pop(key, None)
            if stamp is not None and size <= self.max_bytes and self.max_entries > 0:
                self._entries[key] = (stamp, _frozen(answers), size)
                while len(self._entries) > self.max_entries or self.nbytes > self.max_bytes:
                    self._entries.popitem(last=False)
        return self._handed_out(answers)

    def _handed_out(self, answers: Any) -> Any:
        """A caller's copy; a copy of a frame keeps the frame alive while it lives, so that pandas always sees
        the read-only columns as shared and copies them before a write (even once the entry is evicted)."""
        out = self._copy(answers)
        if isinstance(answers, pd.DataFrame) and out is not answers:
            weakref.finalize(out, _keep, answers)
        return out

    @property
    def nbytes(self) -> int:
        return sum(size for _, _, size in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """The file's identity: a change of content (or a replacement) changes it. None for folders."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        return None  # a folder of answers is passed along as a Path, nothing to cache
    return st.st_mtime_ns, st.st_size, st.st_ino


def _size_of(answers: Any) -> int:
    if isinstance(answers, pd.DataFrame):
        return int(answers.memory_usage(index=True, deep=False).sum()) + _text_bytes(answers)
    return 0 if isinstance(answers, Path) else 64 * 1024  # JSON(L) answers: small, counted flat


def _text_bytes(df: pd.DataFrame) -> int:
    """Arrow-backed text columns report their buffers; Python-object ones are estimated at 64 B a cell."""
    extra = 0
    for c in df.columns:
        if df[c].dtype == object:
            extra += 64 * len(df)
    return extra


def _frozen(answers: Any) -> Any:
    """A loaded frame with its NumPy blocks read-only (pandas' own block list: a frame whose internals differ
    is returned as it is, still protected by copy-on-write)."""
    if isinstance(answers, pd.DataFrame):
        for block in getattr(getattr(answers, "_mgr", None), "blocks", ()):
            values = getattr(block, "values", None)
            if isinstance(values, np.ndarray):
                values.flags.writeable = False
    return answers


def _keep(*_: Any) -> None:
    """Nothing: ``weakref.finalize`` holds its arguments until the object it watches is gone."""


def _copy(answers: Any) -> Any:
    if isinstance(answers, pd.DataFrame):
        return answers.copy(deep=False)
    return answers if isinstance(answers, Path) else copy.deepcopy(answers)


_cache = AnswersCache()


def load_answers_cached(path: Path | str) -> Any:
    """The process-wide cache's answers for ``path``; see the module docstring."""
    return _cache.get(path)


def answers_cache() -> AnswersCache:
    """The process-wide cache (for statistics and tests)."""
    return _cache


__all__ = ["AnswersCache", "answers_cache", "load_answers_cached"]
