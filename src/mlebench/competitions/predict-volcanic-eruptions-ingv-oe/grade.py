"""Mean absolute error of time_to_eruption, matched by segment_id, rounded to an integer as v1
reports it (times are in hundredths of a second, so the rounding is far below any real gap)."""

from __future__ import annotations

import pandas as pd

from mlebench.grading.metrics import mean_absolute_error
from mlebench.grading.submission import align

ID, TARGET = "segment_id", "time_to_eruption"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], numeric=True)
    mae = mean_absolute_error(ans[TARGET].to_numpy(dtype=float), sub[TARGET].to_numpy(dtype=float))
    return int(round(mae))
