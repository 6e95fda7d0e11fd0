"""ROC AUC over all (recording, species) pairs, rows matched by Id; as in v1, values must be in [0, 1]."""

import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="Id", target_columns=["Probability"], probabilities=True)
    return roc_auc_score(ans["Probability"], sub["Probability"])
