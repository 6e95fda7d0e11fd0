"""Multi-class log loss as Kaggle computes it: each row of probabilities is rescaled to sum to 1,
then clipped to [1e-15, 1 - 1e-15]."""

import pandas as pd

from mlebench.grading.metrics import multiclass_log_loss
from mlebench.grading.submission import align

CLASSES = ["EAP", "HPL", "MWS"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=CLASSES, numeric=True)
    return multiclass_log_loss(ans[CLASSES].to_numpy(), sub[CLASSES].to_numpy(dtype=float))
