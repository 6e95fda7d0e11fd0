"""ROC AUC of the predicted probability that a patch's centre holds tumour tissue (v1: values in [0, 1])."""

import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["label"], probabilities=True)
    return roc_auc_score(ans["label"], sub["label"])
