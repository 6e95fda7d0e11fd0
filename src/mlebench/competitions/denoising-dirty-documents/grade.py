"""RMSE between predicted and true cleaned pixel intensities, matched by pixel id.

A real test set has millions of pixels, so ids are not matched as strings: each well-formed id
``<image>_<row>_<col>`` becomes one integer, and both sides are sorted on it (v1 also sorts by id
and requires the same set of ids).
"""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import root_mean_squared_error
from mlebench.grading.submission import _preview, check_blank_ids, check_columns

ID_PATTERN = r"^[1-9][0-9]{0,6}_[1-9][0-9]{0,5}_[1-9][0-9]{0,5}$"  # image < 10^7, row and col < 10^6


def _ids_as_text(ids: pd.Series) -> pa.Array:
    """The ids as an Arrow string array (zero-copy when pandas already holds Arrow strings)."""
    try:
        text = pa.array(ids, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        text = None
    if text is None or not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
        text = pa.array(ids.astype(str).to_numpy(dtype=object), type=pa.string())
    return text


def _keys(ids: pd.Series) -> np.ndarray:
    """int64 keys of well-formed pixel ids, ordered like (image, row, col); raise on any other id."""
    text = _ids_as_text(ids)
    ok = pc.fill_null(pc.match_substring_regex(text, ID_PATTERN), False).to_numpy(zero_copy_only=False)
    if not ok.all():
        bad = pd.unique(ids.to_numpy()[~ok])  # not astype(str): that would be rows x the longest id
        raise InvalidSubmissionError(
            f"{int((~ok).sum())} id(s) are not pixel ids of the form <image>_<row>_<col> and are not in the "
            f"test set: {_preview(bad)}"
        )
    parts = pc.cast(pc.list_flatten(pc.split_pattern(text, "_")), pa.int64()).to_numpy().reshape(-1, 3)
    return (parts[:, 0] << 40) | (parts[:, 1] << 20) | parts[:, 2]


def _id_text(keys: np.ndarray) -> list[str]:
    return [f"{k >> 40}_{(k >> 20) & 0xFFFFF}_{k & 0xFFFFF}" for k in keys]


def _order(submission: pd.DataFrame, answers: pd.DataFrame) -> tuple[np.ndarray | slice, np.ndarray | slice]:
    """Row orders that pair submission and answer rows by id; raise on duplicated, missing or extra ids."""
    sub_text, ans_text = _ids_as_text(submission["id"]), _ids_as_text(answers["id"])
    if len(sub_text) == len(ans_text) and pc.all(pc.equal(sub_text, ans_text)).as_py():
        return slice(None), slice(None)  # the usual case: the sample submission's order kept
    sub_keys, ans_keys = _keys(submission["id"]), _keys(answers["id"])
    sub_order, ans_order = np.argsort(sub_keys, kind="stable"), np.argsort(ans_keys, kind="stable")
    sub_sorted, ans_sorted = sub_keys[sub_order], ans_keys[ans_order]

    dup = sub_sorted[1:][sub_sorted[1:] == sub_sorted[:-1]]
    if len(dup):
        shown = ", ".join(_id_text(np.unique(dup)[:5]))
        raise InvalidSubmissionError(f"{len(dup)} duplicated id(s) in the submission: {shown}")
    if len(sub_sorted) != len(ans_sorted) or not np.array_equal(sub_sorted, ans_sorted):
        missing = np.setdiff1d(ans_sorted, sub_sorted, assume_unique=True)
        extra = np.setdiff1d(sub_sorted, ans_sorted, assume_unique=True)
        problems = []
        if len(missing):
            problems.append(
                f"{len(missing)} id(s) missing from the submission (expected {len(ans_sorted)} rows, got "
                f"{len(sub_sorted)}): {', '.join(_id_text(missing[:5]))}"
            )
        if len(extra):
            problems.append(f"{len(extra)} id(s) in the submission are not in the test set: {', '.join(_id_text(extra[:5]))}")
        raise InvalidSubmissionError("; ".join(problems))
    return sub_order, ans_order


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_columns(submission, ["id", "value"])
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, ["id"])  # the in-order comparison below skips missing ids
    sub_order, ans_order = _order(submission, answers)

    values = submission["value"]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        converted = pd.to_numeric(values, errors="coerce")
        bad = values[converted.isna() & values.notna()]
        if len(bad):
            raise InvalidSubmissionError(f"column 'value' must be numeric; found {', '.join(map(str, bad.unique()[:5]))}")
        values = converted
    pred = values.to_numpy(dtype=float)[sub_order]
    if np.isnan(pred).any():
        raise InvalidSubmissionError(f"missing values (NaN/empty) in column 'value' ({int(np.isnan(pred).sum())})")
    if not np.isfinite(pred).all():
        raise InvalidSubmissionError("column 'value' contains infinite values")
    true = answers["value"].to_numpy(dtype=float)[ans_order]
    return root_mean_squared_error(true, pred)
