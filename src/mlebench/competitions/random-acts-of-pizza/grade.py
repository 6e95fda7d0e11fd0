"""ROC AUC of the predicted probability of receiving pizza (v1's grader; rows matched by request_id)."""

import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align

ID, TARGET = "request_id", "requester_received_pizza"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], probabilities=True)
    return roc_auc_score(ans[TARGET], sub[TARGET])
