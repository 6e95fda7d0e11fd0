"""Quadratic weighted kappa between predicted and true severity grades (integers 0-4)."""

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import quadratic_weighted_kappa_score
from mlebench.grading.submission import align

GRADES = (0, 1, 2, 3, 4)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id_code", target_columns=["diagnosis"], numeric=True)
    pred = sub["diagnosis"].to_numpy(dtype=float)
    bad = ~np.isin(pred, GRADES)
    if bad.any():
        examples = ", ".join(f"{v:g}" for v in np.unique(pred[bad])[:5])
        raise InvalidSubmissionError(
            f"'diagnosis' must be an integer grade 0-4; {int(bad.sum())} row(s) hold other values: {examples}"
        )
    return quadratic_weighted_kappa_score(ans["diagnosis"].to_numpy(dtype=int), pred.astype(int))
