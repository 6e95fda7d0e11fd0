"""Test-set labels typed in by hand: the submission's predictions found as literals in code or logs.

Two shapes are looked for, both as token sequences (numbers compared by value, so ``0.50`` is ``0.5``):

- a run of ``RUN_LENGTH`` consecutive predicted values of one column, in submission order, written one
  after another (a list literal, a string of values); runs of a single repeated value are ignored,
  they are what any constant baseline writes;
- ``RUN_LENGTH`` consecutive pairs of a test id followed by its predicted value (a dict literal, a
  CSV pasted into a string).

The submission is read with bounds (``MAX_ROWS`` rows, ``MAX_COLUMNS`` prediction columns).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.integrity._files import TextFile, read_bytes

RUN_LENGTH = 20
MAX_ROWS = 500_000
MAX_COLUMNS = 5
MAX_SUBMISSION_BYTES = 256 * 1024**2
TOKEN = re.compile(r"(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|[A-Za-z_][A-Za-z0-9_\-]*")
Value = float | str


def normalise(value: str) -> Value:
    """A value as compared: numbers by value (``1``, ``1.0``, ``1e0`` are equal), anything else as written."""
    value = value.strip().strip("'\"")
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


@dataclass
class Submission:
    ids: list[Value]
    columns: dict[str, list[Value]]  # prediction column -> normalised values, in row order

    @classmethod
    def read(cls, path: Path) -> Submission | None:
        raw = read_bytes(path, MAX_SUBMISSION_BYTES)
        return cls.read_text(raw.decode("utf-8", errors="replace")) if raw else None

    @classmethod
    def read_text(cls, text: str) -> Submission | None:
        """The first column as ids, the next ``MAX_COLUMNS`` as predictions; None without both."""
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, nrows=MAX_ROWS,
                                on_bad_lines="skip", engine="c")
        except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
            return None
        if frame.shape[1] < 2:
            return None
        frame = frame.iloc[:, : 1 + MAX_COLUMNS].dropna()  # rows with too few fields
        return cls(_normalised(frame.iloc[:, 0]),
                   {str(frame.columns[k]): _normalised(frame.iloc[:, k]) for k in range(1, frame.shape[1])})


def _normalised(column: pd.Series) -> list[Value]:
    """:func:`normalise` over a column of strings, vectorised."""
    text = column.str.strip().str.strip("'\"")
    numbers = pd.to_numeric(text, errors="coerce")
    finite = np.isfinite(numbers.to_numpy(dtype=float))
    return [float(n) if ok else t for n, ok, t in zip(numbers.tolist(), finite.tolist(), text.tolist())]


@dataclass(frozen=True)
class LiteralRun:
    file: TextFile
    offset: int  # where the run starts in the file's text
    length: int  # values (or id-value pairs) in a row
    kind: str  # "values of column X" or "test ids with their predicted X"


def _tokens(text: str) -> list[tuple[Value, int]]:
    out: list[tuple[Value, int]] = []
    for m in TOKEN.finditer(text):
        if m.lastgroup == "num":
            number = float(m.group())
            out.append((number if math.isfinite(number) else m.group(), m.start()))
        else:
            out.append((m.group(), m.start()))
    return out


class _ColumnIndex:
    """Every window of ``n`` consecutive values of one column (not all alike), by hash: built once per column."""

    def __init__(self, values: list[Value], n: int) -> None:
        self.values, self.n = values, n
        self.wanted = set(values)
        self.windows: dict[int, int] = {}
        for i in range(len(values) - n + 1):
            w = values[i : i + n]
            if w.count(w[0]) < n:
                self.windows.setdefault(hash(tuple(w)), i)

    def longest_run(self, words: list[Value]) -> tuple[int, int] | None:
        """The longest stretch (start token, length >= n) of ``words`` that is a stretch of the column."""
        n, values = self.n, self.values
        best: tuple[int, int] | None = None
        i = 0
        while self.windows and i <= len(words) - n:
            if words[i + n - 1] not in self.wanted:  # no window holding position i+n-1 can match
                i += n
                continue
            start = self.windows.get(hash(tuple(words[i : i + n])))
            if start is None or values[start : start + n] != words[i : i + n]:
                i += 1
                continue
            length = n
            while i + length < len(words) and start + length < len(values) and words[i + length] == values[start + length]:
                length += 1
            if best is None or length > best[1]:
                best = (i, length)
            i += length
        return best


def _pair_runs(pairs: dict[Value, Value], words: list[Value], n: int) -> tuple[int, int] | None:
    """The longest stretch of ``id value id value …`` tokens (distinct ids, each with its predicted value)."""
    missing = object()
    hits = {i for i in range(len(words) - 1) if pairs.get(words[i], missing) == words[i + 1]}
    best: tuple[int, int] | None = None
    for i in sorted(hits):
        if i - 2 in hits:  # not the start of a stretch
            continue
        seen: set[Value] = set()
        j = i
        while j in hits and words[j] not in seen:
            seen.add(words[j])
            j += 2
        length = (j - i) // 2
        if length >= n and (best is None or length > best[1]):
            best = (i, length)
    return best


def find_literal_labels(submission: Submission, files: list[TextFile], n: int = RUN_LENGTH) -> list[LiteralRun]:
    """Every file holding ``n`` or more of the submission's predictions as literals (its longest run)."""
    found: list[LiteralRun] = []
    first = next(iter(submission.columns), None)
    pairs = dict(zip(submission.ids, submission.columns[first])) if first else {}
    indexes = {name: _ColumnIndex(values, n) for name, values in submission.columns.items()}
    for f in files:
        tokens = _tokens(f.text)
        words = [t for t, _ in tokens]
        best: LiteralRun | None = None
        for name, index in indexes.items():
            hit = index.longest_run(words)
            if hit and (best is None or hit[1] > best.length):
                best = LiteralRun(f, tokens[hit[0]][1], hit[1], f"consecutive predicted values of column {name!r}")
        hit = _pair_runs(pairs, words, n) if pairs else None
        if hit and (best is None or hit[1] > best.length):
            best = LiteralRun(f, tokens[hit[0]][1], hit[1], f"test ids each followed by its predicted {first!r}")
        if best is not None:
            found.append(best)
    return found
