"""ROC AUC of the predicted probability of melanoma, rows matched by image_name; as in v1, values must be in [0, 1]."""

import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="image_name", target_columns=["target"], probabilities=True)
    return roc_auc_score(ans["target"], sub["target"])
