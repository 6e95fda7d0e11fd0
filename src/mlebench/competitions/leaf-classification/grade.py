"""Multi-class log loss over the 99 species, with v1's validity rules.

v1 accepts a row only if its probabilities lie in [0, 1] and sum to 1 (within 1e-6), then scores
with scikit-learn's log loss, which clips at float64 machine epsilon (not Kaggle's 1e-15).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from mlebench.grading.metrics import multiclass_log_loss
from mlebench.grading.submission import align, check_probability_rows

CLASSES: list[str] = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]
EPS = float(np.finfo(np.float64).eps)
SUM_TOLERANCE = 1e-6


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=CLASSES, numeric=True)
    p = sub[CLASSES].to_numpy(dtype=float)
    check_probability_rows(sub["id"], p, tolerance=SUM_TOLERANCE)
    return multiclass_log_loss(ans[CLASSES].to_numpy(dtype=float), p, eps=EPS)
