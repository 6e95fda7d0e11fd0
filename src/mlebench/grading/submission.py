"""Reading submissions safely and checking them against the answers.

A submission is hostile input: only a regular file under a size limit is read, parse problems
become ``InvalidSubmissionError`` with a reason, and the shared checkers below give every grader
the same precise messages (which column, how many rows, which ids).
"""

from __future__ import annotations

import datetime
import mmap
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading._errors import InvalidSubmissionError

MAX_SUBMISSION_BYTES = int(os.environ.get("MLEBENCH_MAX_SUBMISSION_BYTES", 4 * 1024**3))


def check_regular_file(path: Path, *, max_bytes: int = MAX_SUBMISSION_BYTES) -> None:
    """Raise InvalidSubmissionError unless ``path`` is a regular file (not a link) within the limit."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise InvalidSubmissionError(f"submission file {path} does not exist") from None
    if stat.S_ISLNK(st.st_mode):
        raise InvalidSubmissionError(f"submission {path} is a symbolic link; submit a regular file")
    if not stat.S_ISREG(st.st_mode):
        raise InvalidSubmissionError(f"submission {path} is not a regular file")
    if st.st_size > max_bytes:
        raise InvalidSubmissionError(f"submission is {st.st_size} bytes, over the limit of {max_bytes}")
    if st.st_size == 0:
        raise InvalidSubmissionError("submission file is empty")


def read_csv(path: Path | str, *, na_filter: bool = True, check_file: bool = False) -> pd.DataFrame:
    """Read a CSV with the pyarrow engine (pandas' type inference; BOM handled).

    Any problem with the file's bytes (encoding, quoting, ragged rows) raises
    ``InvalidSubmissionError`` naming the problem.
    """
    path = Path(path)
    if check_file:
        check_regular_file(path)
    try:
        df = read_table(path, na_filter=na_filter)
    except UnicodeDecodeError as e:
        raise InvalidSubmissionError(f"file is not valid UTF-8 text ({e.reason} at byte {e.start})") from None
    except pd.errors.EmptyDataError:
        raise InvalidSubmissionError("file has no header row") from None
    except Exception as e:  # pyarrow.lib.ArrowInvalid and friends
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        if "utf8" in msg.lower() or "utf-8" in msg.lower():
            raise InvalidSubmissionError(f"file is not valid UTF-8 text: {msg}") from None
        raise InvalidSubmissionError(f"could not parse CSV: {msg}") from None
    _reject_index_column(df)
    _reject_duplicate_header(path, df)
    _reject_binary_columns(df)
    return df


def _reject_duplicate_header(path: Path, df: pd.DataFrame) -> None:
    # pandas renames a repeated header "a" to "a.1", which would then pass for an extra column
    columns = [str(c) for c in df.columns.tolist()]  # a list: iterating pandas' Index costs per element
    names = set(columns)
    if not any(c.rpartition(".")[0] in names and c.rpartition(".")[2].isdigit() for c in columns):
        return
    import pyarrow.csv

    with pyarrow.csv.open_csv(path) as reader:
        header = reader.schema.names
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise InvalidSubmissionError(f"duplicate column names in the header: {_preview(dup)}")


def read_table(path: Path | str, *, na_filter: bool = True) -> pd.DataFrame:
    """pandas' pyarrow-engine CSV reader, except that text is never turned into something else.

    pyarrow infers timestamps (e.g. Kaggle's taxi ``key`` "2013-04-14 16:56:00.0000001") and would
    print them back differently; it reads ``true``/``false`` as booleans (and then 0/1 beside them
    too) and ``0x10`` as 16 in an integer column. Such columns are read again as the text they are,
    so that a number column holds only numbers written as numbers.
    """
    opts: dict = {} if na_filter else {"keep_default_na": False, "na_values": []}
    df = _read_csv(path, **opts)
    dtypes = list(zip(df.columns, df.dtypes))  # each column's dtype once, not a Series per check
    as_text = [c for c, t in dtypes if pd.api.types.is_datetime64_any_dtype(t) or pd.api.types.is_bool_dtype(t)
               or (t == object and _first_is_time(df[c]))]
    ints = [c for c, t in dtypes if pd.api.types.is_integer_dtype(t)]
    hex_suspects = ints if ints and _contains_hex_prefix(path) else []
    if as_text or hex_suspects:
        text = _read_csv(path, dtype={c: "str" for c in [*as_text, *hex_suspects]}, **opts)
        for c in as_text:
            df[c] = text[c]
        for c in hex_suspects:
            if text[c].str.contains(_HEX, regex=True).any():
                df[c] = text[c]
    return df


def _first_is_time(column: pd.Series) -> bool:
    values = column.dropna()
    return bool(len(values)) and isinstance(values.iloc[0], (datetime.date, datetime.time))


def _read_csv(path: Path | str, **kw) -> pd.DataFrame:
    """pandas' pyarrow reader; where it fails only because a quoted value holds a newline across one of its
    parse blocks (files over ~1 MB, e.g. question texts), the file is checked whole with newlines allowed in
    values (a really ragged file still fails there) and read with pandas' own parser."""
    import pyarrow

    try:
        return pd.read_csv(path, engine="pyarrow", **kw)
    except (pyarrow.ArrowInvalid, pd.errors.ParserError) as e:  # pandas re-raises pyarrow's as a ParserError
        if "Expected" not in str(e):
            raise
        import pyarrow.csv

        pyarrow.csv.read_csv(path, parse_options=pyarrow.csv.ParseOptions(newlines_in_values=True))
        return pd.read_csv(path, engine="c", **kw)


_HEX = r"^\s*[+-]?0[xX]"


def _contains_hex_prefix(path: Path | str) -> bool:
    """Whether the file holds "0x"/"0X" anywhere (a cheap scan before re-reading integer columns as text)."""
    with open(path, "rb") as f:
        try:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            return False
        with mm:  # one-byte finds run at memchr speed; two-byte ones are several times slower
            return any(mm.find(x) != -1 and mm.find(b"0" + x) != -1 for x in (b"x", b"X"))


def _reject_binary_columns(df: pd.DataFrame) -> None:
    # pyarrow reads a column holding invalid UTF-8 (e.g. latin-1 bytes) as binary, not as an error
    for c, t in zip(df.columns, df.dtypes):
        if t == object:
            values = df[c].dropna()
            if len(values) and isinstance(values.iloc[0], bytes):
                raise InvalidSubmissionError(
                    f"column '{c}' is not valid UTF-8 text (is the file latin-1 encoded?); save it as UTF-8"
                )


def _reject_index_column(df: pd.DataFrame) -> None:
    if len(df.columns) and (str(df.columns[0]) == "" or str(df.columns[0]).startswith("Unnamed: 0")):
        raise InvalidSubmissionError(
            "the first column has no header: it looks like a pandas index written by "
            "to_csv(); write the file with index=False"
        )


def _preview(values: Sequence, n: int = 5, width: int = 60) -> str:
    """The first ``n`` values, each on one line and cut at ``width`` characters (they come from the submission)."""
    vals = [str(v).replace("\r", "\\r").replace("\n", "\\n") for v in list(values)[:n]]
    vals = [v if len(v) <= width else v[:width] + "…" for v in vals]
    more = f" and {len(values) - n} more" if len(values) > n else ""
    return ", ".join(vals) + more


def check_columns(submission: pd.DataFrame, expected: Sequence[str], *, allow_extra: bool = False) -> None:
    """Raise unless the submission has exactly ``expected`` columns (order not checked)."""
    have = [str(c) for c in submission.columns.tolist()]
    dup = sorted({c for c in have if have.count(c) > 1})
    if dup:
        raise InvalidSubmissionError(f"duplicate column names: {_preview(dup)}")
    missing = [c for c in expected if c not in have]
    extra = [c for c in have if c not in expected]
    if missing:
        raise InvalidSubmissionError(
            f"missing column(s): {_preview(missing)}; expected columns {list(expected)}, got {have}"
        )
    if extra and not allow_extra:
        raise InvalidSubmissionError(f"unexpected column(s): {_preview(extra)}; expected columns {list(expected)}")


def _id_key(s: pd.Series) -> pd.Series:
    """Ids compared as text, so that 7, 7.0 and '7' agree across files (missing ids stay missing)."""
    if not pd.api.types.is_float_dtype(s):
        return s.astype(str)
    v = s.to_numpy(dtype=float)
    whole = np.isfinite(v) & (np.floor(v) == v) & (np.abs(v) < 2**63)  # 1e308 is no int64
    if (whole | np.isnan(v)).all():
        return s.astype("Int64").astype(str)
    text = s.astype(str)
    text[whole] = v[whole].astype(np.int64).astype(str)
    return text


def check_blank_ids(submission: pd.DataFrame, id_columns: Sequence[str]) -> None:
    """Raise naming the rows whose id is blank or NaN (counted from 1 after the header)."""
    for c in id_columns:
        column = submission[c]
        if not _may_be_missing(column):
            continue
        blank = column.isna().to_numpy()
        if blank.any():
            rows = np.flatnonzero(blank) + 1
            raise InvalidSubmissionError(
                f"{len(rows)} row(s) have a blank or NaN id in column '{c}': data row(s) {_preview(rows)}"
            )


def _may_be_missing(s: pd.Series) -> bool:
    """False where ``s.isna()`` is all False for certain, seen cheaply (Arrow text without nulls, int64)."""
    if s.dtype == _INT:
        return False
    if isinstance(s.array, pd.arrays.ArrowStringArray):
        return pa.array(s.array).null_count > 0
    return True


def align(
    submission: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    id_column: str | Sequence[str],
    target_columns: Sequence[str],
    allow_nan: bool = False,
    numeric: bool = False,
    probabilities: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate a submission against the answers and return both row for row, in the answers' order.

    Checks, each with a message naming what is wrong: the columns (id + targets, nothing else),
    duplicate ids, missing and unexpected ids, NaNs in the targets (unless ``allow_nan``), with
    ``numeric`` that targets are numbers, and with ``probabilities`` that they lie in [0, 1].
    Never mutates its inputs, and copies neither: the checks read columns, the returned submission
    is built once from them, and the answers come back as a shallow copy (pandas' copy-on-write
    copies a column before anything writes to it).
    """
    id_cols = [id_column] if isinstance(id_column, str) else list(id_column)
    columns = [*id_cols, *target_columns]
    check_columns(submission, columns)
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")

    check_blank_ids(submission, id_cols)
    sub = submission if submission.columns.tolist() == columns else submission[columns]
    order = _match_ids(sub, answers, id_cols)
    check = dict(allow_nan=allow_nan, numeric=numeric or probabilities, probabilities=probabilities,
                 ids=lambda: _key(sub, id_cols))
    dtypes = dict(zip(sub.columns.tolist(), sub.dtypes.tolist()))
    if all(dtypes[c] == _FLOAT or dtypes[c] == _INT for c in target_columns):
        _check_plain_targets(sub, list(target_columns), **check)
        converted = {}
    else:
        converted = _check_targets(sub, list(target_columns), **check)
    return _gathered(sub, converted, order, answers, id_cols), answers.reset_index(drop=True)


def _check_plain_targets(sub: pd.DataFrame, targets: list[str], *, allow_nan: bool, numeric: bool,
                         probabilities: bool, ids: Callable[[], pd.Series]) -> None:
    """``_check_targets`` for target columns that are all float64 or int64: one array for all of them,
    the same checks in the same order and the same messages (a failing column's own values quoted)."""
    values = float_columns(sub, targets)
    missing = np.isnan(values)
    if not allow_nan:
        nans = [(c, int(n)) for c, n in zip(targets, missing.sum(axis=0)) if n]
        if nans:
            _raise_nans(nans)
    if not numeric:
        return
    infinite = np.isinf(values).any(axis=0)
    if probabilities:  # Series.min/max skip NaN, and a column of NaN only has no range
        low = np.where(missing, np.inf, values).min(axis=0) < 0
        high = np.where(missing, -np.inf, values).max(axis=0) > 1
    for i, c in enumerate(targets):
        if infinite[i]:
            check_finite(sub[c], c, ids=ids())
        if probabilities and (low[i] or high[i]):
            _raise_range(sub[c], c)


def _check_targets(sub: pd.DataFrame, targets: list[str], *, allow_nan: bool, numeric: bool, probabilities: bool,
                   ids: Callable[[], pd.Series]) -> dict[str, pd.Series]:
    """No NaN (unless ``allow_nan``); with ``numeric`` numbers (text that is not a number is invalid), finite,
    and with ``probabilities`` in [0, 1]. Returns the columns that had to be converted to numbers."""
    columns = {c: sub[c] for c in targets}
    if not allow_nan:
        nans = [(c, n) for c, s in columns.items() if (n := int(s.isna().sum()))]
        if nans:
            _raise_nans(nans)
    converted = {}
    if not numeric:
        return converted
    for c, s in columns.items():
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            numbers = pd.to_numeric(s, errors="coerce")
            bad = s[numbers.isna() & s.notna()]
            if len(bad):
                raise InvalidSubmissionError(f"column '{c}' must be numeric; found {_preview(bad.unique())}")
            s = converted[c] = numbers
        if np.isinf(s.to_numpy(dtype=float)).any():  # the ids' text only for the message
            check_finite(s, c, ids=ids())
        if probabilities and len(s.dropna()) and (s.min() < 0 or s.max() > 1):
            _raise_range(s, c)
    return converted


def _raise_nans(nans: list[tuple[str, int]]) -> None:
    where = ", ".join(f"'{c}' ({n})" for c, n in nans)
    raise InvalidSubmissionError(f"missing values (NaN/empty) in column(s) {where}")


def _raise_range(s: pd.Series, c: str) -> None:
    raise InvalidSubmissionError(
        f"'{c}' must hold probabilities in [0, 1]; found values in [{s.min():.4g}, {s.max():.4g}]"
    )


_FLOAT, _INT = np.dtype(np.float64), np.dtype(np.int64)


def float_columns(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """``df[columns].to_numpy(dtype=float)`` without building that frame (a millisecond per call): the same
    values in the same column-major layout, so that a metric reducing it adds in the same order."""
    out = np.empty((len(df), len(columns)), dtype=float, order="F")
    for i, c in enumerate(columns):
        out[:, i] = df[c].to_numpy(dtype=float)
    return out


def _gathered(sub: pd.DataFrame, converted: dict[str, pd.Series], order: np.ndarray | None,
              answers: pd.DataFrame, id_cols: list[str]) -> pd.DataFrame:
    """``sub`` (its ``converted`` columns replaced) in the answers' order (``order``: row positions; None: as
    it is), with a fresh index. A text id column of the answers' own dtype is not gathered: its matched
    values are the answers' ids, cell for cell (matching compared the very same text); a one-byte
    placeholder stands in its place while the rows are gathered, so that the frame is gathered in one go."""
    same = [] if order is None else [c for c in id_cols if _is_text(sub[c]) and sub[c].dtype == answers[c].dtype]
    if converted or same:
        sub = sub.copy(deep=False)  # copy-on-write: the caller's frame keeps its columns
        for c, s in converted.items():
            sub[c] = s
        for c in same:
            sub[c] = np.zeros(len(sub), dtype=np.int8)
    if order is None:
        return sub.reset_index(drop=True)
    out = sub.take(order).reset_index(drop=True)
    for c in same:
        out[c] = answers[c].array
    return out


def _is_text(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.StringDtype)


def check_finite(values: pd.Series, column: str, *, ids: pd.Series | None = None) -> None:
    """Raise naming the ids (or rows) where a numeric column holds +/-inf."""
    v = values.to_numpy(dtype=float)
    bad = np.isinf(v)
    if bad.any():
        where = ids.to_numpy(dtype=object)[bad] if ids is not None else np.flatnonzero(bad) + 1
        what = "id(s)" if ids is not None else "data row(s)"
        raise InvalidSubmissionError(f"column '{column}' contains {int(bad.sum())} infinite value(s), at {what} {_preview(where)}")


def check_probability_rows(ids: pd.Series, p: np.ndarray, *, tolerance: float = 1e-6) -> None:
    """v1's rule for multi-class probabilities: every value in [0, 1], every row summing to 1 (within ``tolerance``)."""
    if p.size and (p.min() < 0 or p.max() > 1):
        raise InvalidSubmissionError(f"probabilities must lie in [0, 1]; found values in [{p.min():.4g}, {p.max():.4g}]")
    sums = p.sum(axis=1)
    off = ~np.isclose(sums, 1, atol=tolerance)
    if off.any():
        first = int(np.flatnonzero(off)[0])
        raise InvalidSubmissionError(
            f"each row's probabilities must sum to 1 (within {tolerance:g}); {int(off.sum())} row(s) do not, "
            f"e.g. id {ids.iloc[first]} sums to {sums[first]:.6g}"
        )


def _match_ids(sub: pd.DataFrame, ans: pd.DataFrame, id_cols: list[str]) -> np.ndarray | None:
    """Positions of the answers' ids in the submission (None when already in the answers' order).

    Ids compare as their text (``_id_key``: 7, 7.0 and '7' agree), but are matched on their own
    type: integer (and whole float) ids as int64, text as Arrow strings, jointly dictionary-encoded
    into integer codes. No id becomes a Python object unless a message has to quote it. Three
    paths, cheapest first: the same ids in the same order (one comparison); one text id column
    shuffled (``_shuffled``: one set lookup); anything else, and every invalid submission, by the
    joint codes, which also find what to name in the message.
    """
    n_sub, n_ans = len(sub), len(ans)
    pairs = [_comparable(_id_array(sub[c]), _id_array(ans[c])) for c in id_cols]
    if n_sub == n_ans and all(s.equals(a) for s, a in pairs):
        return None  # same ids in the same order (answer ids are unique by construction)
    if n_sub == n_ans and len(pairs) == 1:
        order = (_shuffled_integers if pa.types.is_integer(pairs[0][0].type) else _shuffled)(*pairs[0])
        if order is not None:
            return order
    codes = _joint_codes(pairs)
    ans_codes, sub_codes = codes[:n_ans], codes[n_ans:]
    counts = np.bincount(sub_codes, minlength=int(codes.max()) + 1)
    if (counts > 1).any():
        dup = np.unique(_key(sub, id_cols).to_numpy(dtype=object)[counts[sub_codes] > 1])
        raise InvalidSubmissionError(f"{int((counts[sub_codes] > 1).sum())} rows share duplicated id(s) in the submission: {_preview(dup)}")
    pos = np.full(len(counts), -1, dtype=np.int64)
    pos[sub_codes] = np.arange(n_sub)
    order = pos[ans_codes]
    missing = order == -1
    in_answers = np.zeros(len(counts), dtype=bool)
    in_answers[ans_codes] = True
    extra = ~in_answers[sub_codes]
    problems = []
    if missing.any():
        ids = _key(ans, id_cols).to_numpy(dtype=object)[missing]
        problems.append(f"{len(ids)} id(s) missing from the submission (expected {n_ans} rows, got {n_sub}): {_preview(ids)}")
    if extra.any():
        ids = _key(sub, id_cols).to_numpy(dtype=object)[extra]
        problems.append(f"{len(ids)} id(s) in the submission are not in the test set: {_preview(ids)}")
    if problems:
        raise InvalidSubmissionError("; ".join(problems))
    return order


def _id_array(s: pd.Series) -> pa.ChunkedArray:
    """One id column as Arrow int64 (whole numbers) or text, equal exactly where ``_id_key``'s texts are equal."""
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype):
        pass
    elif pd.api.types.is_integer_dtype(dtype):
        if not s.hasnans and not (dtype == np.uint64 and len(s) and s.max() >= 2**63):
            return pa.chunked_array([s.to_numpy(dtype=np.int64)])
    elif pd.api.types.is_float_dtype(dtype):
        v = s.to_numpy(dtype=float)
        if (np.isfinite(v) & (np.floor(v) == v) & (np.abs(v) < 2**63)).all():  # 1e308 is no int64
            return pa.chunked_array([v.astype(np.int64)])
    elif isinstance(s.array, pd.arrays.ArrowStringArray):
        arr = pa.array(s.array)  # the parser's own Arrow strings, not copied
        arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
        if arr.null_count == 0:
            return arr
    elif dtype == object:
        try:  # str cells are their own text; anything else (None, numbers, bytes) takes the text path
            arr = pa.chunked_array([pa.array(s.to_numpy(), type=pa.large_string(), from_pandas=False)])
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arr = None
        if arr is not None and arr.null_count == 0:
            return arr
    return pa.chunked_array([pa.array(_id_key(s).to_numpy(dtype=object), type=pa.large_string())])


def _shuffled(sub: pa.ChunkedArray, ans: pa.ChunkedArray) -> np.ndarray | None:
    """Where each answer id sits in the submission, if the submission's text ids are exactly the answers'
    in another order; None otherwise (a duplicate, missing or unexpected id: the full check names them).

    Many short ASCII ids (``_SORTED_FROM`` rows or more, up to 64 bytes: nearly all Kaggle ids) by sorting
    hashes (``_sorted_text_match``); fewer ids, other ids, and any submission that path cannot settle, by
    one hash table of the submission's ids probed by the answers' (faster while the table fits in cache).
    A submission of the same length in which every answer id is found at a different row holds each
    answer id once and nothing else.
    """
    sub, ans = sub.combine_chunks(), ans.combine_chunks()
    order = _sorted_text_match(sub, ans) if len(sub) >= _SORTED_FROM else None
    if order is not None:
        return order
    found = pc.index_in(ans, value_set=sub)
    if found.null_count:
        return None
    order = found.to_numpy().astype(np.int64, copy=False)
    hit = np.zeros(len(sub), dtype=bool)
    hit[order] = True
    return order if hit.all() else None


_SORTED_FROM = 50_000  # measured: the hash lookup is faster up to ~40k ids, the sort 3x faster at 250k


def _sorted_text_match(sub: pa.Array, ans: pa.Array) -> np.ndarray | None:
    """``_shuffled`` for ASCII ids of at most 64 bytes: each id padded to a fixed width, read as 64-bit words
    and hashed; the hashes matched by ``_sorted_match``; the match then checked exactly (every matched
    pair of ids equal in length and in every word). With ~40 bits of hash left beside the row number, a
    million ids collide somewhere about one time in four: a second hash is tried before giving up. None
    where the ids do not qualify, or still hash to equal values (a duplicate id), or the check fails: the
    caller then decides otherwise."""
    n = len(sub)
    lengths = [_ascii_lengths(x) for x in (sub, ans)]
    if n != len(ans) or not n or lengths[0] is None or lengths[1] is None:
        return None
    width = _word_width(max(int(v.max()) for v in lengths))
    if width > 64:
        return None
    words = [_padded_words(x, width) for x in (sub, ans)]
    bits = 62 - max(int(n - 1).bit_length(), 1)
    for seed in (0, 1):
        hashes = [_hash_words(w, length, seed) >> np.uint64(64 - bits) for w, length in zip(words, lengths)]
        order = _sorted_match(*(h.astype(np.int64) for h in hashes), (1 << bits) - 1)
        if order is not None:
            break
    if order is None or not (lengths[0][order] == lengths[1]).all():
        return None
    if not all((words[0][:, j][order] == words[1][:, j]).all() for j in range(width // 8)):
        return None
    return order


def _ascii_lengths(text: pa.Array) -> np.ndarray | None:
    """Each text's length in bytes, where every one is present and ASCII (what ``_padded_words`` takes); else None."""
    if text.null_count or not pc.all(pc.string_is_ascii(text)).as_py():
        return None
    return pc.binary_length(text).to_numpy()


def _word_width(longest: int) -> int:
    """The padded width for texts of up to ``longest`` bytes: whole 64-bit words, at least one."""
    return max(8, -(-longest // 8) * 8)


def _padded_words(text: pa.Array, width: int) -> np.ndarray:
    """ASCII text padded with spaces to ``width`` bytes (a multiple of 8), as an (n, width / 8) uint64 array."""
    fixed = pc.utf8_rpad(text, width=width, padding=" ").cast(pa.binary(width))
    data = np.frombuffer(fixed.buffers()[1], dtype=np.uint8)[fixed.offset * width:(fixed.offset + len(fixed)) * width]
    return data.view(np.uint64).reshape(len(fixed), width // 8)


def _hash_words(words: np.ndarray, lengths: np.ndarray, seed: int = 0) -> np.ndarray:
    """A 64-bit hash of each row of ``words`` and its length (multiply-xorshift mixing; equal rows hash equal;
    another ``seed``, another hash)."""
    h = (lengths.astype(np.uint64) + np.uint64(seed << 32)) * np.uint64(0x9E3779B97F4A7C15)
    for j in range(words.shape[1]):
        h ^= words[:, j]
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(29)
    return h


def _shuffled_integers(sub: pa.ChunkedArray, ans: pa.ChunkedArray) -> np.ndarray | None:
    """``_shuffled`` for integer ids: where they span a range of at most ``max(4 n, 2**22)`` values (row
    numbers, Kaggle's test ids), one table of submission rows indexed by id, no hashing; sparser ids
    (e.g. 13M event ids up to 2**31) by sorting (``_sorted_match``); None otherwise."""
    s, a = sub.to_numpy(), ans.to_numpy()
    if not len(s):
        return None
    lo = min(int(s.min()), int(a.min()))
    span = max(int(s.max()), int(a.max())) - lo
    if span >= max(4 * len(s), 1 << 22):
        return _sorted_match(s - lo, a - lo, span)
    row = np.full(span + 1, -1, dtype=np.int64)
    row[s - lo] = np.arange(len(s))
    order = row[a - lo]
    if (order < 0).any():
        return None
    hit = np.zeros(len(s), dtype=bool)
    hit[order] = True
    return order if hit.all() else None


def _sorted_match(s: np.ndarray, a: np.ndarray, span: int) -> np.ndarray | None:
    """Where each of ``a``'s values sits in ``s``, if ``s`` holds exactly ``a``'s distinct values in another
    order; None otherwise. Both hold non-negative integers up to ``span``. Each value is packed with its
    row number into one int64 (value high, row low) and the two arrays sorted: a plain sort, many times
    faster than an argsort or a hash table on this many rows. Equal sorted values, none repeated, mean a
    permutation, and the rows in the low bits say which."""
    bits = max(int(len(s) - 1).bit_length(), 1)
    if span.bit_length() + bits > 62:
        return None
    rows = np.arange(len(s), dtype=np.int64)
    keyed_s = np.sort((s << bits) | rows)
    keyed_a = (a << bits) | rows
    if len(a) > 1 and not (a[1:] > a[:-1]).all():  # answers are often sorted by id already
        keyed_a.sort()
    values = keyed_s >> bits
    if not (values == keyed_a >> bits).all() or (len(values) > 1 and not (values[1:] > values[:-1]).all()):
        return None
    mask = (1 << bits) - 1
    order = np.empty(len(s), dtype=np.int64)
    order[keyed_a & mask] = keyed_s & mask
    return order


def _comparable(sub: pa.ChunkedArray, ans: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Both int64, or both text (an integer's text is its decimal digits, as ``str`` writes them)."""
    if sub.type == ans.type:
        return sub, ans
    return pc.cast(sub, pa.large_string()), pc.cast(ans, pa.large_string())


def _joint_codes(pairs: list[tuple[pa.ChunkedArray, pa.ChunkedArray]]) -> np.ndarray:
    """One integer code per row of answers-then-submission, equal exactly where all id columns are equal."""
    codes = None
    for sub, ans in pairs:
        both = pa.chunked_array(ans.chunks + sub.chunks, type=sub.type)
        if pa.types.is_integer(both.type):
            values = both.to_numpy()
            lo, hi = int(values.min()), int(values.max())
            # dense integers (row numbers, 0..n ids) are their own codes: no hashing
            col = values - lo if hi - lo < 4 * len(values) else pd.factorize(values)[0]
        else:  # one hash table over all chunks: they share one dictionary
            col = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in both.dictionary_encode().chunks])
        col = col.astype(np.int64, copy=False)
        codes = col if codes is None else pd.factorize(codes * (int(col.max()) + 1) + col)[0].astype(np.int64)
    return codes


def _key(df: pd.DataFrame, id_cols: list[str]) -> pd.Series:
    if len(id_cols) == 1:
        return _id_key(df[id_cols[0]]).reset_index(drop=True)
    parts = [_id_key(df[c]).reset_index(drop=True) for c in id_cols]
    key = parts[0]
    for p in parts[1:]:
        key = key + "\x1f" + p
    return key
