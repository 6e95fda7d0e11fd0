"""Mean absolute error of the pressure over the inspiratory phase only.

Every test row must be predicted (rows matched by id), but only rows whose answer has
``u_out == 0`` (the expiratory valve closed: air is going in) are scored, as on Kaggle and in v1.
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading.metrics import mean_absolute_error
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["pressure"], numeric=True)
    scored = (ans["u_out"] == 0).to_numpy()
    return mean_absolute_error(ans["pressure"].to_numpy(dtype=float)[scored], sub["pressure"].to_numpy(dtype=float)[scored])


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "pressure"]].copy()
