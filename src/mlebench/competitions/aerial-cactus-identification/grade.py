"""ROC AUC of the predicted probability that an image holds a cactus (v1: values must lie in [0, 1])."""

import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["has_cactus"], probabilities=True)
    return roc_auc_score(ans["has_cactus"], sub["has_cactus"])
