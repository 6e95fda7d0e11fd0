"""MAP@12 over the customers who bought something in the test period; rows of other customers are
allowed (the sample lists every customer, so as not to reveal who bought) and ignored.

Checked here, with messages: exactly the columns customer_id and prediction, no blank or
duplicated customer_id, and a row for every customer in the answers. A prediction is a
space-separated list of article ids (blank = none); only the first 12 count. Version 1 compares
article ids as written; version 2 reads both sides' ids as numbers (``normalise_ids``), so that
``0706016001`` (Kaggle's spelling) matches ``706016001`` (v1's answers).
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import mean_average_precision_at_k
from mlebench.grading.submission import check_blank_ids, check_columns

K = 12


def _items(column: pd.Series, normalise_ids: bool) -> list[list[str]]:
    out = []
    for cell in column.to_numpy(dtype=object):
        items = [] if pd.isna(cell) else str(cell).split()
        if normalise_ids:
            items = [i.lstrip("0") or "0" if i.isdigit() else i for i in items]
        out.append(items)
    return out


def score(submission: pd.DataFrame, answers: pd.DataFrame, *, normalise_ids: bool) -> float:
    check_columns(submission, ["customer_id", "prediction"])
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, ["customer_id"])
    # object arrays and a hash index: pandas' Arrow-string isin is slow on 1.4M sample rows
    ids = pd.Index(submission["customer_id"].astype(str).to_numpy(dtype=object), dtype=object)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise InvalidSubmissionError(f"{len(dup)} duplicated customer_id(s): {', '.join(dup.unique()[:5])}")
    wanted = answers["customer_id"].astype(str).to_numpy(dtype=object)
    rows = ids.get_indexer(wanted)
    if (rows < 0).any():
        missing = wanted[rows < 0]
        raise InvalidSubmissionError(
            f"{len(missing)} customer_id(s) that must be predicted are missing: {', '.join(missing[:5])}"
        )
    predictions = submission["prediction"].iloc[rows]
    actual = _items(answers["prediction"], normalise_ids)
    predicted = _items(predictions, normalise_ids)
    return mean_average_precision_at_k(actual, predicted, k=K)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return score(submission, answers, normalise_ids=False)


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """A perfect submission: each customer's purchases, repeats removed (a repeat is no new hit)."""
    unique = [" ".join(dict.fromkeys(str(p).split())) for p in answers["prediction"]]
    return pd.DataFrame({"customer_id": answers["customer_id"], "prediction": unique})
