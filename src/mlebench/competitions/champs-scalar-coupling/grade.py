"""Mean over coupling types of log(MAE), Kaggle's metric, rows matched by id.

The type of each row comes from the answers (``type``); the metric is
``grading.metrics.mean_group_log_mean_absolute_error`` with Kaggle's MAE floor of 1e-9.
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading.metrics import mean_group_log_mean_absolute_error
from mlebench.grading.submission import align

TARGET = "scalar_coupling_constant"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=[TARGET], numeric=True)
    return mean_group_log_mean_absolute_error(
        ans[TARGET].to_numpy(dtype=float), sub[TARGET].to_numpy(dtype=float), ans["type"]
    )


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", TARGET]].copy()
