"""MAP@12 over the customers who bought something in the test period; rows of other customers are
allowed (the sample lists every customer, so as not to reveal who bought) and ignored.

Checked here, with messages: exactly the columns customer_id and prediction, no blank or
duplicated customer_id, and a row for every customer in the answers. A prediction is a
space-separated list of article ids (blank = none); only the first 12 count. Version 1 compares
article ids as written; version 2 reads both sides' ids as numbers (``normalise_ids``), so that
``0706016001`` (Kaggle's spelling) matches ``706016001`` (v1's answers).

Speed (75k customers): cells are split by Arrow over the whole column and MAP@12 is taken with
array operations, each row's precisions added in list order as ``metrics.average_precision_at_k``
adds them, so the score is the same float.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.answers import once_per_answers
from mlebench.grading.detection import split_fields, text_cells
from mlebench.grading.submission import _ascii_lengths, _hash_words, _padded_words, _word_width, check_blank_ids, check_columns

K = 12


def _items(column: pd.Series, normalise_ids: bool) -> tuple[np.ndarray, pa.Array]:
    """Each cell's article ids, flattened in row then list order: (the row of each id, the ids).

    Python's ``str(cell).split()`` (blank or missing: none), with digits-only ids stripped of
    leading zeros under ``normalise_ids``. Text columns of spaces-separated ASCII (all real
    files) are split by Arrow; anything else cell by cell in Python.
    """
    cells = text_cells(column)
    split = split_fields(cells) if cells is not None else None
    if split is None or (normalise_ids and not pc.all(pc.string_is_ascii(cells)).as_py()):  # str.isdigit knows other digits
        lists = pa.array([[] if pd.isna(cell) else _normalised(str(cell).split(), normalise_ids)
                          for cell in column.to_numpy(dtype=object)], type=pa.list_(pa.large_string()))
        return pc.list_parent_indices(lists).to_numpy(), pc.list_flatten(lists)
    parents, values = split
    if normalise_ids:
        values = pc.replace_substring_regex(values, "^0+([0-9]+)$", "\\1")  # "000" -> "0"
    return parents, values


def _normalised(items: list[str], normalise_ids: bool) -> list[str]:
    return [i.lstrip("0") or "0" if i.isdigit() else i for i in items] if normalise_ids else items


def _rank_in_row(row_of: np.ndarray, rows: int) -> np.ndarray:
    """0, 1, 2, ... within each row of sorted row numbers ``row_of``."""
    counts = np.bincount(row_of, minlength=rows)
    return np.arange(len(row_of)) - (np.cumsum(counts) - counts)[row_of]


def mean_average_precision(actual: tuple[np.ndarray, pa.Array], predicted: tuple[np.ndarray, pa.Array], rows: int,
                           k: int) -> float:
    """MAP@k of flattened lists (``_items``' pairs) over ``rows`` rows, as ``metrics.mean_average_precision_at_k``.

    AP@k of a row: the precision at each first occurrence of a relevant item among the first k
    predictions, summed in list order, over min(distinct relevant items, k); 0 without relevant items.
    """
    return _mean_average_precision(_relevant(actual, rows), predicted, rows, k)


def _relevant(actual: tuple[np.ndarray, pa.Array], rows: int) -> tuple[pa.Array, int, np.ndarray, np.ndarray]:
    """The relevant side of MAP@k, read-only: (the distinct items, a code base n, the sorted distinct keys
    row * n + item code, the number of distinct relevant items per row)."""
    true_rows, true_items = actual
    vocabulary = pc.unique(true_items)
    n = max(len(vocabulary), 1)
    relevant = np.sort(true_rows * n + pc.index_in(true_items, value_set=vocabulary).to_numpy())
    relevant = relevant[np.r_[True, relevant[1:] != relevant[:-1]]] if len(relevant) else relevant  # a set
    n_relevant = np.bincount(relevant // n, minlength=rows)
    relevant.flags.writeable = n_relevant.flags.writeable = False
    return vocabulary, n, relevant, n_relevant


def _mean_average_precision(relevant_side: tuple[pa.Array, int, np.ndarray, np.ndarray],
                            predicted: tuple[np.ndarray, pa.Array], rows: int, k: int) -> float:
    vocabulary, n, relevant, n_relevant = relevant_side
    pred_rows, pred_items = predicted
    position = _rank_in_row(pred_rows, rows)
    top = position < k
    pred_rows, position, pred_items = pred_rows[top], position[top], pred_items.filter(pa.array(top))
    code = pc.fill_null(pc.index_in(pred_items, value_set=vocabulary), -1).to_numpy()
    key = pred_rows * n + code
    candidate = np.flatnonzero(code >= 0)
    found = np.searchsorted(relevant, key[candidate])
    candidate = candidate[relevant[np.minimum(found, len(relevant) - 1)] == key[candidate]] if len(relevant) else candidate[:0]
    hit = _first_of_each(key, candidate)  # a repeated item is no new hit
    hit_rows = pred_rows[hit]
    rank = _rank_in_row(hit_rows, rows) + 1  # hits so far in the row
    precision = np.zeros((k, rows))
    precision[position[hit], hit_rows] = rank / (position[hit] + 1)
    total = np.zeros(rows)
    for column in precision:  # left to right, as the per-row loop adds (x + 0.0 is x)
        total = total + column
    ap = np.zeros(rows)
    some = n_relevant > 0
    ap[some] = total[some] / np.minimum(n_relevant[some], k)
    return float(np.mean(ap))


def _first_of_each(key: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """Those of ``candidate``'s indices (ascending) whose ``key`` no smaller one shares, ascending: each key
    packed with its position into one int64 and sorted (a plain sort); np.unique's first indices otherwise."""
    if not len(candidate):
        return candidate
    bits = max(int(candidate[-1]).bit_length(), 1)
    if int(key[candidate].max()).bit_length() + bits > 62:
        _, first = np.unique(key[candidate], return_index=True)
        return np.sort(candidate[first])
    packed = np.sort((key[candidate] << bits) | candidate)
    repeat = np.flatnonzero((packed[1:] >> bits) == (packed[:-1] >> bits)) + 1
    if not len(repeat):
        return candidate
    keep = np.ones(int(candidate[-1]) + 1, dtype=bool)
    keep[packed[repeat] & ((1 << bits) - 1)] = False
    return candidate[keep[candidate]]


def _rows_of(submitted: pd.Series, wanted: pd.Series) -> np.ndarray:
    """The submission row of each answers customer; duplicated or missing customers are invalid."""
    if isinstance(submitted.dtype, pd.StringDtype) and isinstance(wanted.dtype, pd.StringDtype):
        rows = _rows_by_hash(submitted, wanted)
        if rows is not None:
            return rows
        ids = pa.array(submitted.array)  # text ids (all real files): one Arrow hash table
        if len(pc.unique(ids)) == len(ids):
            rows = pc.index_in(pa.array(wanted.array), value_set=ids)
            if rows.null_count == 0:
                return rows.to_numpy()
    # object arrays and a hash index: pandas' Arrow-string isin is slow on 1.4M sample rows
    ids = pd.Index(submitted.astype(str).to_numpy(dtype=object), dtype=object)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise InvalidSubmissionError(f"{len(dup)} duplicated customer_id(s): {', '.join(dup.unique()[:5])}")
    wanted = wanted.astype(str).to_numpy(dtype=object)
    rows = ids.get_indexer(wanted)
    if (rows < 0).any():
        missing = wanted[rows < 0]
        raise InvalidSubmissionError(
            f"{len(missing)} customer_id(s) that must be predicted are missing: {', '.join(missing[:5])}"
        )
    return rows


def _rows_by_hash(submitted: pd.Series, wanted: pd.Series) -> np.ndarray | None:
    """``_rows_of`` for ASCII text ids of at most ``_WIDEST`` bytes, each submission id distinct and every answer
    id found: ids padded to the answers' width and hashed (``submission._hash_words``), the submission's sorted
    hashes searched for the answers' (kept once per answers), every pair found checked exactly (the texts
    equal). None for anything else, and where hashes collide: the caller decides, with messages."""
    hashed = once_per_answers("h-and-m customers", [wanted], lambda: _hashed_ids(pa.array(wanted.array)))
    if hashed is None:
        return None
    width, ans_hashes, ans_order, ans_ids = hashed
    ids = pa.array(submitted.array)
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    lengths = _ascii_lengths(ids) if len(ids) else None
    if lengths is None or int(lengths.max()) > width:
        return None
    words = _padded_words(ids, width)
    hashes = _hash_words(words, lengths)
    by_hash = np.argsort(hashes)
    hashes = hashes[by_hash]
    if len(hashes) > 1 and not (hashes[1:] > hashes[:-1]).all():  # a duplicate (or two ids hashed alike)
        return None
    found = np.searchsorted(hashes, ans_hashes)  # both sorted: one pass through memory
    if (found == len(hashes)).any() or not (hashes[found] == ans_hashes).all():
        return None
    rows = np.empty(len(ans_order), dtype=np.int64)
    rows[ans_order] = by_hash[found]
    if not pc.all(pc.equal(ids.take(pa.array(rows)), ans_ids)).as_py():
        return None
    return rows


_WIDEST = 128


def _hashed_ids(ids: pa.Array | pa.ChunkedArray) -> tuple[int, np.ndarray, np.ndarray, pa.Array] | None:
    """The answers' side of ``_rows_by_hash``, read-only: (width, sorted hashes, the row of each, the ids);
    None where the ids are not ASCII, are wider than ``_WIDEST`` bytes, or two hash alike."""
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    lengths = _ascii_lengths(ids) if len(ids) else None
    if lengths is None:
        return None
    width = _word_width(int(lengths.max()))
    if width > _WIDEST:
        return None
    words = _padded_words(ids, width)
    hashes = _hash_words(words, lengths)
    order = np.argsort(hashes)
    hashes = hashes[order]
    if len(hashes) > 1 and not (hashes[1:] > hashes[:-1]).all():
        return None
    hashes.flags.writeable = order.flags.writeable = False
    return width, hashes, order, ids


def score(submission: pd.DataFrame, answers: pd.DataFrame, *, normalise_ids: bool) -> float:
    check_columns(submission, ["customer_id", "prediction"])
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, ["customer_id"])
    rows = _rows_of(submission["customer_id"], answers["customer_id"])
    predictions = submission["prediction"].iloc[rows]
    relevant = once_per_answers(f"h-and-m relevant {normalise_ids}", [answers["prediction"]],
                                lambda: _relevant(_items(answers["prediction"], normalise_ids), len(answers)))
    return _mean_average_precision(relevant, _items(predictions, normalise_ids), len(answers), K)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return score(submission, answers, normalise_ids=False)


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """A perfect submission: each customer's purchases, repeats removed (a repeat is no new hit)."""
    unique = [" ".join(dict.fromkeys(str(p).split())) for p in answers["prediction"]]
    return pd.DataFrame({"customer_id": answers["customer_id"], "prediction": unique})
