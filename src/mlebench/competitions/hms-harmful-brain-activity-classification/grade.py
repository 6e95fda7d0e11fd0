"""KL divergence between the experts' vote distribution and the predicted probabilities.

The answers are v1's test rows: one row per labelled EEG window, so an ``eeg_id`` with several
windows has several rows, and nothing in the public ``test.csv`` tells those rows apart. v1 sorted
both files by ``eeg_id`` and paired rows by position; rows of one ``eeg_id`` were therefore paired
in their order in the file (for a submission in the sample's order) or arbitrarily (otherwise).
Here the rows of each ``eeg_id`` are paired after sorting them, on both sides, by their values
(the predicted probabilities; the answers' normalised votes), so that row order never matters.
For the submissions v1's data allows an agent to write deliberately (the same prediction for
every row of an ``eeg_id``) this is exactly v1's score.

Validity (v1's rules): exactly the columns ``eeg_id`` and the six ``*_vote`` columns; every
test ``eeg_id`` as many times as it has test rows; numbers in [0, 1] whose row sum rounds (to 5
decimals) to 1. Votes are turned into probabilities by dividing by their row sum; predictions are
clipped to [1e-15, 1 - 1e-15]; the score is the mean over rows of sum(y * ln(y / p)).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import kl_divergence_loss
from mlebench.grading.submission import _id_key, _preview, check_blank_ids, check_columns

ID = "eeg_id"
TARGETS = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def _numeric(sub: pd.DataFrame) -> pd.DataFrame:
    out = sub[[ID, *TARGETS]].copy()
    for c in TARGETS:
        if not pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]):
            converted = pd.to_numeric(out[c], errors="coerce")
            bad = out[c][converted.isna() & out[c].notna()]
            if len(bad):
                raise InvalidSubmissionError(f"column '{c}' must be numeric; found {_preview(bad.unique())}")
            out[c] = converted
    nans = out[TARGETS].isna().sum()
    nans = nans[nans > 0]
    if len(nans):
        raise InvalidSubmissionError("missing values (NaN/empty) in column(s) " + ", ".join(f"'{c}' ({n})" for c, n in nans.items()))
    values = out[TARGETS].to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise InvalidSubmissionError("predictions contain infinite values")
    if values.min() < 0 or values.max() > 1:
        raise InvalidSubmissionError(f"predictions must be probabilities in [0, 1]; found values in [{values.min():.4g}, {values.max():.4g}]")
    off = np.round(values.sum(axis=1), 5) != 1
    if off.any():
        first = int(np.flatnonzero(off)[0])
        raise InvalidSubmissionError(
            f"each row's probabilities must sum to 1; {int(off.sum())} row(s) do not, e.g. eeg_id "
            f"{out[ID].iloc[first]} sums to {values[first].sum():.6g}"
        )
    return out


def _check_counts(sub_ids: pd.Series, ans_ids: pd.Series) -> None:
    have, want = sub_ids.value_counts(), ans_ids.value_counts()
    joined = pd.concat([have.rename("have"), want.rename("want")], axis=1).fillna(0).astype(int)
    unknown = joined.index[joined["want"] == 0]
    wrong = joined[(joined["want"] > 0) & (joined["have"] != joined["want"])]
    problems = []
    if len(unknown):
        problems.append(f"{len(unknown)} eeg_id(s) in the submission are not in the test set: {_preview(unknown)}")
    if len(wrong):
        shown = [f"{i} ({r.have} rows, expected {r.want})" for i, r in wrong.head(5).iterrows()]
        problems.append(f"{len(wrong)} test eeg_id(s) have the wrong number of rows (missing or duplicated): {_preview(shown)}")
    if problems:
        raise InvalidSubmissionError("; ".join(problems))


def _ranks(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each row's rank among the rows of its eeg_id (``codes``), ordered by value (ties: row order)."""
    order = np.lexsort([*values.T[::-1], codes])
    sorted_codes = codes[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return rank


def _partners(sub_ids: pd.Series, ans_ids: pd.Series, sub_values: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """For each answers row, the submission row of the same eeg_id and the same rank by value
    (``_check_counts`` has made every eeg_id's row counts agree)."""
    codes, _ = pd.factorize(pd.concat([sub_ids, ans_ids], ignore_index=True))
    sub_codes, ans_codes = codes[:len(sub_ids)], codes[len(sub_ids):]
    width = len(codes) + 1
    sub_key = sub_codes.astype(np.int64) * width + _ranks(sub_codes, sub_values)
    ans_key = ans_codes.astype(np.int64) * width + _ranks(ans_codes, truth)
    order = np.argsort(sub_key, kind="stable")
    return order[np.searchsorted(sub_key[order], ans_key)]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_columns(submission, [ID, *TARGETS])
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, [ID])
    sub = _numeric(submission)
    sub_ids, ans_ids = _id_key(sub[ID]).reset_index(drop=True), _id_key(answers[ID]).reset_index(drop=True)
    _check_counts(sub_ids, ans_ids)

    votes = answers[TARGETS].astype(float)
    truth = votes.div(votes.sum(axis=1), axis=0).to_numpy(dtype=float)
    values = sub[TARGETS].to_numpy(dtype=float)
    return kl_divergence_loss(truth, values[_partners(sub_ids, ans_ids, values, truth)])
