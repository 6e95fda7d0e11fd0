import numpy as np
import pandas as pd

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.metrics import accuracy_score
from mlebench.grading.submission import align

CLASSES = range(1, 8)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="Id", target_columns=["Cover_Type"], numeric=True)
    pred = sub["Cover_Type"].to_numpy(dtype=float)
    bad = ~np.isin(pred, list(CLASSES))
    if bad.any():
        shown = ", ".join(str(v) for v in pd.unique(pred[bad])[:5])
        raise InvalidSubmissionError(
            f"column 'Cover_Type' must hold an integer class 1..7; {int(bad.sum())} row(s) do not, e.g. {shown}"
        )
    return accuracy_score(ans["Cover_Type"].to_numpy(dtype=float), pred)
