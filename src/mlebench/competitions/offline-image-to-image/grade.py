import pandas as pd

from mlebench.grading.metrics import root_mean_squared_error
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["value"], numeric=True)
    return root_mean_squared_error(ans["value"], sub["value"])
