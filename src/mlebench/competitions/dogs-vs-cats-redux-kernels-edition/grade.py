"""Binary log loss of P(dog), as v1 computes it (scikit-learn: clipped at float64 machine epsilon)."""

import numpy as np
import pandas as pd

from mlebench.grading.metrics import log_loss
from mlebench.grading.submission import align

EPS = float(np.finfo(np.float64).eps)  # scikit-learn's clipping in v1's grader, not Kaggle's 1e-15


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["label"], numeric=True)
    return log_loss(ans["label"], sub["label"], eps=EPS)
