"""RMSE of the predicted fares (v1's metric; rows matched by key, which v1 never checked)."""

import pandas as pd

from mlebench.grading.metrics import root_mean_squared_error
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="key", target_columns=["fare_amount"], numeric=True)
    return root_mean_squared_error(ans["fare_amount"], sub["fare_amount"])
