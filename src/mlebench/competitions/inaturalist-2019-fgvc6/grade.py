"""Top-1 classification error, matched by image id.

v1 reads each ``predicted`` cell as an integer or, for text, takes the first of its
space-separated tokens (Kaggle's format allowed a ranked list); the score is 1 - accuracy of that
first prediction. A cell whose first token is not an integer is invalid (v1 crashed on it).
"""

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.submission import _preview, align

INTEGER = r"^[+-]?[0-9]{1,18}$"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["predicted"])
    truth = ans["predicted"].to_numpy(dtype=np.int64)
    column = sub["predicted"]
    if column.dtype == np.int64:  # integers written as such: valid where INTEGER accepts their text (18 digits)
        values = column.to_numpy()
        if ((values > -(10**18)) & (values < 10**18)).all():
            return float(1.0 - np.mean(values == truth))
    first = column.astype(str).str.split().str[0].fillna("")
    ok = first.str.match(INTEGER).to_numpy(dtype=bool)
    if not ok.all():
        raise InvalidSubmissionError(
            f"'predicted' must start with an integer category id; {int((~ok).sum())} row(s) do not: "
            f"{_preview(pd.unique(sub['predicted'].to_numpy()[~ok]))}"
        )
    predicted = first.astype(np.int64).to_numpy()
    return float(1.0 - np.mean(predicted == truth))
