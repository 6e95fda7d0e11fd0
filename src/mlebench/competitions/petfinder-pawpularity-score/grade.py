"""RMSE of the Pawpularity scores, with v1's rule that every prediction lies in [1, 100].

The generic grader has no range option, so this is the "align + one metric" recipe written out.
"""

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import root_mean_squared_error
from mlebench.grading.submission import align, check_finite

LOW, HIGH = 1.0, 100.0


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="Id", target_columns=["Pawpularity"], numeric=True)
    pred = sub["Pawpularity"].astype(float)
    check_finite(pred, "Pawpularity", ids=sub["Id"])
    out = ~pred.between(LOW, HIGH)
    if out.any():
        shown = ", ".join(f"{i}={v}" for i, v in zip(sub["Id"][out][:5], pred[out][:5]))
        raise InvalidSubmissionError(
            f"'Pawpularity' must lie in [1, 100]; {int(out.sum())} row(s) do not: {shown}")
    return root_mean_squared_error(ans["Pawpularity"].to_numpy(dtype=float), pred.to_numpy())
