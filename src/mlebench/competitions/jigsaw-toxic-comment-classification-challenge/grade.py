"""Mean over the six classes of each column's ROC AUC (v1's grader; rows matched by id).

Every test row must be predicted, but rows whose answers are -1 (Kaggle did not score them) are
left out of the metric, as in v1.
"""

import pandas as pd

from mlebench.grading.metrics import mean_column_wise_roc_auc_score
from mlebench.grading.submission import align

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers[["id", *CLASSES]], id_column="id", target_columns=CLASSES, numeric=True)
    scored = (ans[CLASSES].sum(axis=1) >= 0).to_numpy()
    return mean_column_wise_roc_auc_score(ans.loc[scored, CLASSES].to_numpy(), sub.loc[scored, CLASSES].to_numpy())
