"""ROC AUC of the predicted probability of receiving pizza (v1's grader; rows matched by request_id)."""

import pandas as pd

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align

ID, TARGET = "request_id", "requester_received_pizza"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], numeric=True)
    p = sub[TARGET]
    # v1 accepts probabilities only, not arbitrary scores
    if p.min() < 0 or p.max() > 1:
        raise InvalidSubmissionError(f"'{TARGET}' must hold probabilities in [0, 1]; found [{p.min():.4g}, {p.max():.4g}]")
    return roc_auc_score(ans[TARGET], p)
