"""Mean over the four classes of each column's ROC AUC (v1's grader, rows matched by image_id)."""

import pandas as pd

from mlebench.grading.metrics import mean_column_wise_roc_auc_score
from mlebench.grading.submission import align

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="image_id", target_columns=CLASSES, numeric=True)
    return mean_column_wise_roc_auc_score(ans[CLASSES].to_numpy(), sub[CLASSES].to_numpy())
