"""Run-length-encoded masks: 1-indexed ``start length`` pairs, parsed and validated in one place.

``parse_runs`` turns one cell's text into 0-based half-open runs, raising
``InvalidSubmissionError`` messages that name the row (``where``); ``runs_to_mask`` draws them
into a flat boolean mask. Both are vectorised over the runs of a cell. ``parse_plain_runs`` and
``fill_runs`` do the same for a whole column at once (thousands of masks): a grader takes that
path when every cell is valid and written plainly, and parses cell by cell otherwise (messages).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.detection import cell_bytes, split_fields


def parse_runs(text: str, size: int, where: str, *, integers: str = "integers", outside: str = "the image"
               ) -> tuple[np.ndarray, np.ndarray]:
    """0-based ``(starts, ends)`` of a non-blank run-length string over ``size`` pixels.

    Valid: an even count of integers, starts and lengths positive, starts sorted, runs not
    overlapping and ending inside the ``size`` pixels. Errors read ``"{where}: ..."``; ``integers``
    says what the numbers must be and ``outside`` names the grid in the out-of-bounds message.
    """
    try:
        nums = np.asarray(text.split(), dtype=np.int64)
    except (ValueError, OverflowError):
        raise InvalidSubmissionError(f"{where}: run-length encoding must be {integers}, got '{text[:40]}'") from None
    if len(nums) % 2:
        raise InvalidSubmissionError(f"{where}: run-length encoding must hold start length pairs")
    starts, lengths = nums[0::2] - 1, nums[1::2]
    if (starts < 0).any() or (lengths <= 0).any():
        raise InvalidSubmissionError(f"{where}: run starts and lengths must be positive integers")
    if (np.diff(starts) < 0).any():
        raise InvalidSubmissionError(f"{where}: runs must be sorted by start")
    ends = starts + lengths
    if (starts[1:] < ends[:-1]).any():
        raise InvalidSubmissionError(f"{where}: runs overlap")
    if len(ends) and ends[-1] > size:
        raise InvalidSubmissionError(f"{where}: a run ends outside {outside}")
    return starts, ends


def runs_to_mask(starts: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
    """A flat boolean mask of ``size`` pixels set on the (validated, disjoint) runs."""
    edges = np.zeros(size + 1, dtype=np.int8)
    np.add.at(edges, starts, 1)
    np.add.at(edges, ends, -1)
    return np.cumsum(edges[:-1], dtype=np.int8) > 0  # runs never overlap: the sum stays 0 or 1


def parse_plain_runs(cells: pa.Array, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The runs of every cell at once, in cell order: (cell, 0-based start, end) per run.

    A null or blank cell has none; ``sizes`` holds each cell's pixel count (or one for all). None unless every
    cell is one ``parse_runs`` accepts, with its numbers written as plain digits (at most 18):
    the caller then parses cell by cell, for the message or the odd spelling.
    """
    split = split_fields(cells)
    if split is None:
        return None
    cell, fields = split
    b = cell_bytes(cells)  # only digits and spaces (one pass over the bytes): every field is digits
    digits = b is not None and not np.count_nonzero((b - np.uint8(0x30) >= 10) & (b != 0x20))
    if len(fields) and not (digits and pc.max(pc.binary_length(fields)).as_py() <= 18
                            or pc.all(pc.match_substring_regex(fields, "^[0-9]{1,18}$")).as_py()):
        return None
    nums = pc.cast(fields, pa.int64()).to_numpy()
    if (np.bincount(cell, minlength=len(cells)) % 2).any():
        return None
    cell, starts, lengths = cell[0::2], nums[0::2] - 1, nums[1::2]
    ends = starts + lengths
    same = cell[1:] == cell[:-1]
    limit = np.asarray(sizes)
    if ((starts < 0) | (lengths <= 0) | (ends > (limit[cell] if limit.ndim else limit))).any() or (
            same & (starts[1:] < ends[:-1])).any():
        return None
    return cell, starts, ends


def fill_runs(flat: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> None:
    """Set ``flat`` (a boolean array) True on the half-open runs ``[starts, ends)``; runs may overlap."""
    lengths = ends - starts
    before = np.cumsum(lengths) - lengths  # pixels in the earlier runs
    flat[np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)] = True


def overlaps(a: tuple[np.ndarray, np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray, np.ndarray],
             sizes: np.ndarray) -> np.ndarray:
    """Per cell, the pixels inside both masks, from two ``parse_plain_runs`` results over the same
    cells (``sizes``: each cell's pixel count), without drawing them: the cells are laid end to end,
    and each run of ``a`` counts the pixels of ``b`` below its end minus those below its start."""
    offsets = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
    b0, b1 = offsets[b[0]] + b[1], offsets[b[0]] + b[2]
    before = np.r_[0, np.cumsum(b1 - b0)]  # pixels of b in the runs before each run

    def below(x: np.ndarray) -> np.ndarray:
        k = np.searchsorted(b0, x, side="right") - 1  # the last run of b starting at or before x
        j = np.maximum(k, 0)
        return np.where(k >= 0, before[j] + np.minimum(x, b1[j]) - b0[j], 0)

    a0, a1 = offsets[a[0]] + a[1], offsets[a[0]] + a[2]
    return np.bincount(a[0], weights=below(a1) - below(a0), minlength=len(sizes)).astype(np.int64)
