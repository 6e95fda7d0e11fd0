"""Share of test rows whose Cover_Type is predicted exactly (v1's grader; rows matched by Id)."""

import pandas as pd

from mlebench.grading.metrics import accuracy_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="Id", target_columns=["Cover_Type"], numeric=True)
    # compared as numbers, so a class written as 3.0 counts as 3 (as scikit-learn does in v1)
    return accuracy_score(ans["Cover_Type"].to_numpy(dtype=float), sub["Cover_Type"].to_numpy(dtype=float))
