"""MAP@12 (Kaggle's definition) over the customers who bought something in the test week.

As in v1, the submission must hold a row for every such customer and may hold rows for others
(the sample submission lists every customer, so as not to reveal who bought); those rows are
ignored. A blank prediction is legal and means "no articles". Article ids are compared as
numbers written in text, so ``0706016001`` and ``706016001`` are the same article.
"""

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import mean_average_precision_at_k
from mlebench.grading.submission import check_blank_ids, check_columns


def _preview(values: list[str], n: int = 5) -> str:
    more = f" and {len(values) - n} more" if len(values) > n else ""
    return ", ".join(values[:n]) + more


def _articles(value) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [token.lstrip("0") or "0" for token in str(value).split()]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_columns(submission, ["customer_id", "prediction"])
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, ["customer_id"])
    ids = submission["customer_id"].astype(str)
    dup = ids[ids.duplicated()].unique().tolist()
    if dup:
        raise InvalidSubmissionError(f"{len(dup)} duplicated customer_id(s) in the submission: {_preview(dup)}")
    predictions = dict(zip(ids, submission["prediction"]))
    wanted = answers["customer_id"].astype(str).tolist()
    missing = [c for c in wanted if c not in predictions]
    if missing:
        raise InvalidSubmissionError(
            f"{len(missing)} customer_id(s) missing from the submission (expected a row for every customer in "
            f"sample_submission.csv; got {len(submission)} rows): {_preview(missing)}"
        )
    actual = [set(_articles(v)) for v in answers["prediction"]]
    predicted = [_articles(predictions[c]) for c in wanted]
    return mean_average_precision_at_k(actual, predicted, k=12)
