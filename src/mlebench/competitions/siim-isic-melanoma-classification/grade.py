"""ROC AUC of the predicted probability of melanoma, rows matched by image_name; as in v1, values must be in [0, 1]."""

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="image_name", target_columns=["target"], numeric=True)
    p = sub["target"]
    if p.min() < 0 or p.max() > 1:
        raise InvalidSubmissionError(f"'target' must lie in [0, 1]; found values in [{p.min():.4g}, {p.max():.4g}]")
    return roc_auc_score(ans["target"], p)
