"""Mean column-wise ROC AUC over the six labels, on the test rows that are scored (answers of -1
mark rows Kaggle never scored; they are skipped, as in v1)."""

import pandas as pd

from mlebench.grading.metrics import mean_column_wise_roc_auc_score
from mlebench.grading.submission import align

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=LABELS, numeric=True)
    scored = (ans[LABELS].to_numpy() >= 0).all(axis=1)
    return mean_column_wise_roc_auc_score(ans.loc[scored, LABELS].to_numpy(), sub.loc[scored, LABELS].to_numpy())
