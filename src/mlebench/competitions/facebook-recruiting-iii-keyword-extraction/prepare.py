"""v1's recipe: Kaggle's labelled ``Train.csv`` (inside ``Train.zip``) is split 90/10 (random_state=0).

Public: ``train.csv`` (Id, Title, Body, Tags), ``test.csv`` (Id, Title, Body) and
``sample_submission.csv`` (Id, Title, Body, Tags = "javascript c# python php java" on every row).
Private: ``test.csv`` (Id, Title, Body, Tags). Kaggle's own ``Test.zip`` has no tags and is not used.

Streamed (Kaggle's Train.csv is 7 GB): the rows are read in chunks and written, as CSV lines, to a
spool file on disk with their offsets; the split is ``train_test_split`` of the row numbers (the
same permutation as splitting the table), and each output is written by copying spooled lines in
that order. The lines are what ``DataFrame.to_csv`` writes for the same rows (same csv dialect, an
empty cell for a missing value), so the files are those of splitting the table in memory.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
SAMPLE_TAGS = "javascript c# python php java"
CHUNK_ROWS = 250  # about 0.3 MB of Kaggle's questions at a time (the tokenizer's buffers grow by doubling)


@contextlib.contextmanager
def _open_train(raw: Path) -> Iterator[BinaryIO]:
    """``Train.csv`` from an extracted download, else streamed out of ``Train.zip`` (not extracted to disk)."""
    if (raw / "Train.csv").is_file():
        with open(raw / "Train.csv", "rb") as f:
            yield f
        return
    with zipfile.ZipFile(raw / "Train.zip") as zf:
        name = next(n for n in zf.namelist() if n.rsplit("/", 1)[-1] == "Train.csv")
        with zf.open(name) as f:
            yield f


class _Lines:
    """CSV lines as ``DataFrame.to_csv`` writes them (its defaults: minimal quoting, ``\\n``)."""

    def __init__(self) -> None:
        self.writer = csv.writer(self, lineterminator="\n")  # writerow hands each line to write() whole
        self.line = ""

    def write(self, line: str) -> None:
        self.line = line

    def encode(self, row: list) -> bytes:
        self.writer.writerow(row)
        return self.line.encode()


def _spool(source: BinaryIO, spool: BinaryIO) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every row's line written to ``spool``; the columns, each line's start (and the end of the last)
    and where its Tags cell begins."""
    lines = _Lines()
    columns: list[str] = []
    starts: list[int] = []
    cuts: list[int] = []
    pos = 0
    for chunk in pd.read_csv(source, dtype=object, chunksize=CHUNK_ROWS):  # object: no arrow buffers
        columns = list(chunk.columns)
        if columns[-1] != "Tags":
            raise ValueError(f"Train.csv: expected Tags as the last column, found {columns}")
        out = bytearray()
        for row in chunk.fillna("").itertuples(index=False, name=None):
            head = lines.encode(list(row[:-1]))[:-1]
            line = head + lines.encode(["", row[-1]])  # head + ",<tags>\n"
            starts.append(pos)
            cuts.append(pos + len(head))
            out += line
            pos += len(line)
        spool.write(out)
    starts.append(pos)
    return columns, np.asarray(starts, dtype=np.int64), np.asarray(cuts, dtype=np.int64)


def _write(path: Path, header: bytes, spool: BinaryIO, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray,
           tail: bytes | None) -> None:
    """``header`` then each row's spooled bytes ``[start, end)`` in ``rows``' order, ``tail`` replacing the
    rest of the line when given."""
    fd = spool.fileno()
    with open(path, "wb", buffering=1 << 20) as out:
        out.write(header)
        for i in rows:
            out.write(os.pread(fd, int(ends[i] - starts[i]), int(starts[i])))
            if tail is not None:
                out.write(tail)


def prepare(raw: Path, public: Path, private: Path) -> None:
    with _open_train(raw) as source, tempfile.TemporaryFile(dir=private) as spool:
        columns, starts, cuts = _spool(source, spool)
        spool.flush()
        n = len(cuts)
        train, test = train_test_split(np.arange(n), test_size=TEST_SIZE, random_state=SEED)
        lines = _Lines()
        full, without_tags = lines.encode(columns), lines.encode(columns[:-1])
        _write(public / "train.csv", full, spool, train, starts, starts[1:], None)
        _write(public / "test.csv", without_tags, spool, test, starts, cuts, b"\n")
        _write(public / "sample_submission.csv", full, spool, test, starts, cuts, lines.encode(["", SAMPLE_TAGS]))
        _write(private / "test.csv", full, spool, test, starts, starts[1:], None)
    assert len(train) + len(test) == n
