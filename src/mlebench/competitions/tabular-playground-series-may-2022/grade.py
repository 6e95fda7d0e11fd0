"""ROC AUC of the predicted probability of ``target`` (v1's grader; rows matched by id)."""

import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["target"], probabilities=True)
    return roc_auc_score(ans["target"], sub["target"])
