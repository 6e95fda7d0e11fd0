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

A process that has not read the answers yet (each ``mlebench grade``, each ``-j`` worker, a new
validation service) reads them from an Arrow copy when the caller names where one lives
(``copy_at``: ``Competition.answers_copy``, beside ``public/`` and ``private/``, never mounted into a
sandbox): the copy is written the first time the CSV is parsed, kept only if reading it back gives
the very same frame (values bit for bit, dtypes, index, column names), and used only while it
records the answers file's current identity. Reading it is a copy of memory, not a CSV parse
(``MLEBENCH_ANSWERS_COPY=0`` turns it off).
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import stat
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from mlebench.utils import load_answers

logger = logging.getLogger(__name__)
MAX_ENTRIES = int(os.environ.get("MLEBENCH_ANSWERS_CACHE_ENTRIES", 8))
MAX_BYTES = int(float(os.environ.get("MLEBENCH_ANSWERS_CACHE_MB", 2048)) * 1024**2)
T = TypeVar("T")


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

    def get(self, path: Path | str, *, copy_at: Path | None = None) -> Any:
        """The answers at ``path`` (``load_answers``' result), parsed again only if the file changed; read from
        (or, the first time, written to) the Arrow copy at ``copy_at`` where one is given."""
        path = Path(path)
        key = str(path.resolve())
        stamp = _stamp(path)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and stamp is not None and entry[0] == stamp:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._handed_out(entry[1])
        # outside the lock: other competitions need not wait
        answers = self._loader(path) if copy_at is None else _via_copy(path, Path(copy_at), stamp, self._loader)
        size = _size_of(answers)
        with self._lock:
            self.misses += 1
            self._entries.pop(key, None)
            if stamp is not None and size <= self.max_bytes and self.max_entries > 0:
                self._entries[key] = (stamp, _frozen(answers), size)
                while len(self._entries) > self.max_entries or self.nbytes > self.max_bytes:
                    self._entries.popitem(last=False)
                    forget_derived()
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
        forget_derived()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """The file's identity: a change of content (or a replacement) changes it. None for folders."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        return None  # a folder of answers is passed along as a Path, nothing to cache
    return st.st_mtime_ns, st.st_size, st.st_ino


COPY_ENABLED = os.environ.get("MLEBENCH_ANSWERS_COPY", "1") != "0"
_STAMP_KEY, _USABLE_KEY = b"mlebench.answers-stamp", b"mlebench.answers-copy-usable"


def _via_copy(path: Path, copy_at: Path, stamp: tuple[int, int, int] | None, loader: Callable[[Path], Any]) -> Any:
    """``loader(path)``, or the same frame from the Arrow copy at ``copy_at`` when that copy records ``stamp``
    (the answers file's identity); else the CSV is parsed and the copy written for the next process."""
    if not COPY_ENABLED or stamp is None or path.suffix.lower() != ".csv":
        return loader(path)
    tag = json.dumps(list(stamp)).encode()
    try:
        with pa.OSFile(str(copy_at)) as source:  # read into memory: no frame keeps a mapping of a file
            reader = pa.ipc.open_file(source)
            metadata = reader.schema.metadata or {}
            if metadata.get(_STAMP_KEY) == tag:
                if metadata.get(_USABLE_KEY) != b"yes":
                    return loader(path)  # this file's frame does not survive the round trip: the CSV, every time
                return _frame_of(reader.read_all())
    except (OSError, pa.ArrowException):  # none yet, unreadable, half-written by a crashed writer: write it again
        pass
    answers = loader(path)
    if isinstance(answers, pd.DataFrame):
        _write_copy(answers, copy_at, tag)
    return answers


def _write_copy(frame: pd.DataFrame, copy_at: Path, tag: bytes) -> None:
    """Write ``frame``'s Arrow copy (atomically: a temporary file renamed), marked usable only if it reads back
    as the same frame. Best effort: a read-only data folder or a full disk only costs the next process a parse."""
    tmp = copy_at.with_name(f".{copy_at.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        copy_at.parent.mkdir(exist_ok=True)
        try:
            table = pa.Table.from_pandas(frame)
            _write_table(table, tmp, tag, usable=True)
            with pa.OSFile(str(tmp)) as source:
                usable = _same_frame(frame, _frame_of(pa.ipc.open_file(source).read_all()))
        except (pa.ArrowException, TypeError, ValueError):  # e.g. a column of mixed Python objects
            usable = False
        if not usable:
            _write_table(pa.table({}), tmp, tag, usable=False)
        os.replace(tmp, copy_at)
    except OSError as e:
        logger.debug("no Arrow copy of the answers at %s: %s", copy_at, e)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _frame_of(table: pa.Table) -> pd.DataFrame:
    """The copy's frame: a column per block, so that number columns are Arrow's buffers as they are (not copied
    into a two-dimensional block; the cache makes them read-only anyway)."""
    return table.to_pandas(split_blocks=True)


def _write_table(table: pa.Table, path: Path, tag: bytes, *, usable: bool) -> None:
    metadata = {**(table.schema.metadata or {}), _STAMP_KEY: tag, _USABLE_KEY: b"yes" if usable else b"no"}
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema.with_metadata(metadata)) as writer:
        writer.write_table(table)


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two frames are the same for any grader: labels, index, dtypes and every value exactly."""
    if type(a.index) is not type(b.index) or a.columns.tolist() != b.columns.tolist() \
            or a.dtypes.tolist() != b.dtypes.tolist() or type(a.columns) is not type(b.columns):
        return False
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True, check_column_type=True,
                                      check_names=True, check_flags=True)
    except AssertionError:
        return False
    return True


def _size_of(answers: Any) -> int:
    """Estimated bytes: each column's own (Arrow text reports its buffers), Python-object cells at 64 B more
    each, and the index. Read from pandas' blocks where it has them (``memory_usage`` costs milliseconds,
    as much as grading a small file)."""
    if not isinstance(answers, pd.DataFrame):
        return 0 if isinstance(answers, Path) else 64 * 1024  # JSON(L) answers: small, counted flat
    blocks = getattr(getattr(answers, "_mgr", None), "blocks", None)
    if blocks is None:
        columns = int(answers.memory_usage(index=True, deep=False).sum())
        objects = sum(t == np.dtype(object) for t in answers.dtypes)
    else:
        columns = int(answers.index.nbytes) + sum(int(b.values.nbytes) for b in blocks)
        objects = sum(len(b.mgr_locs) for b in blocks if b.values.dtype == object)
    return columns + 64 * len(answers) * int(objects)


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


_ONCE: OrderedDict[tuple, tuple[list, Any]] = OrderedDict()
_ONCE_ENTRIES = 16
_once_lock = threading.Lock()


def once_per_answers(tag: str, columns: Sequence[pd.Series], make: Callable[[], T]) -> T:
    """``make()``, computed once for the same unchangeable columns: the answers cache hands each caller a
    shallow copy of one frame, whose Arrow arrays are immutable buffers and whose NumPy columns it made
    read-only, so what a grader derives from its answers (split prediction strings, sorted keys) can be
    kept. Keyed by ``tag`` and the columns' memory (buffer addresses, offsets, lengths; a NumPy column's
    address, shape, strides and type, taken only when it and every array it views are read-only); the arrays
    are held with the value, so that no other array can take that memory while it is kept (the last
    ``_ONCE_ENTRIES`` values, all dropped whenever an answers cache drops a file or is cleared). Any other column (writeable, Python objects): ``make()`` every time. The
    value is shared between callers: they must not change it."""
    keys, held = [], []
    for c in columns:
        if isinstance(c.array, pd.arrays.ArrowStringArray):
            array = pa.array(c.array)
            keys.append(_buffers_key(array))
        else:
            array = c.to_numpy() if isinstance(c.array, pd.arrays.NumpyExtensionArray) and c.dtype != object else None
            if array is None or not _read_only(array):
                return make()
            keys.append((array.__array_interface__["data"][0], array.shape, array.strides, array.dtype.str))
        held.append(array)
    key = (tag, *keys)
    with _once_lock:
        entry = _ONCE.get(key)
        if entry is not None:
            _ONCE.move_to_end(key)
            return entry[1]
    value = make()
    with _once_lock:
        _ONCE[key] = (held, value)
        while len(_ONCE) > _ONCE_ENTRIES:
            _ONCE.popitem(last=False)
    return value


def _read_only(array: np.ndarray) -> bool:
    """Whether the array and every array it is a view of are read-only."""
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        array = array.base
    return True


def _buffers_key(array: pa.Array | pa.ChunkedArray) -> tuple:
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    return tuple((str(c.type), c.offset, len(c), *(b.address if b is not None else 0 for b in c.buffers()))
                 for c in chunks)


def forget_derived() -> None:
    """Drop every value ``once_per_answers`` keeps (and with them the answers' memory they hold)."""
    with _once_lock:
        _ONCE.clear()


_cache = AnswersCache()


def load_answers_cached(path: Path | str, *, copy_at: Path | None = None) -> Any:
    """The process-wide cache's answers for ``path`` (and the Arrow copy at ``copy_at``); see the module docstring."""
    return _cache.get(path, copy_at=copy_at)


def competition_answers(competition: Any) -> Any:
    """``load_answers_cached`` for a competition: its answers, through its Arrow copy where it names one (a
    competition-like object without ``answers_copy``, e.g. a test's, reads the file alone)."""
    return load_answers_cached(competition.answers, copy_at=getattr(competition, "answers_copy", None))


def answers_cache() -> AnswersCache:
    """The process-wide cache (for statistics and tests)."""
    return _cache


__all__ = ["AnswersCache", "answers_cache", "competition_answers", "forget_derived", "load_answers_cached",
           "once_per_answers"]
