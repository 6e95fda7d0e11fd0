"""Accuracy: the share of test tokens whose predicted ``after`` equals the answer exactly (as text)."""

import pandas as pd

from mlebench.grading.metrics import accuracy_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["after"])
    return accuracy_score(ans["after"].astype(str).to_numpy(), sub["after"].astype(str).to_numpy())
