import pandas as pd

from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="clip", target_columns=["probability"], probabilities=True)
    return roc_auc_score(ans["probability"], sub["probability"])
