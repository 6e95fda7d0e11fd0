import pandas as pd

from mlebench.grading.metrics import mean_absolute_error
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["sales"], numeric=True)
    return mean_absolute_error(ans["sales"], sub["sales"])
