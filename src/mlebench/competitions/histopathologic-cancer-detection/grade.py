"""ROC AUC of the predicted probability that a patch's centre holds tumour tissue (v1: values in [0, 1])."""

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["label"], numeric=True)
    p = sub["label"]
    if p.min() < 0 or p.max() > 1:
        raise InvalidSubmissionError(
            f"'label' must be a probability in [0, 1]; found values in [{p.min():.4g}, {p.max():.4g}]"
        )
    return roc_auc_score(ans["label"], p)
