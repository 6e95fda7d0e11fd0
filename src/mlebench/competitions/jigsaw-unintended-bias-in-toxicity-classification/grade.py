"""Jigsaw's unintended-bias score, v1's way: every prediction is first turned into 0/1 at 0.5.

The answers are Kaggle's ``test_private_expanded.csv``: a comment is toxic when ``toxicity`` >= 0.5
and mentions an identity when that identity's column is >= 0.5 (blank = no). The nine identities
below are the ones Kaggle scored. The metric itself is ``grading.metrics.jigsaw_bias_auc_score``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading.metrics import jigsaw_bias_auc_score
from mlebench.grading.submission import align

IDENTITIES = [
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
]
V1_THRESHOLD = 0.5  # v1 binarized predictions before every AUC (Kaggle ranks the raw predictions)


def score(submission: pd.DataFrame, answers: pd.DataFrame, *, threshold_predictions: float | None) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["prediction"], numeric=True)
    labels = [ans["toxicity"].to_numpy(dtype=float)] + [ans[c].to_numpy(dtype=float) for c in IDENTITIES]
    y_true = (np.column_stack(labels) >= 0.5).astype(float)  # NaN (not annotated) compares False
    return jigsaw_bias_auc_score(y_true, sub["prediction"].to_numpy(dtype=float), threshold_predictions=threshold_predictions)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return score(submission, answers, threshold_predictions=V1_THRESHOLD)


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers as a submission: the true toxicity as the prediction."""
    return answers[["id", "toxicity"]].rename(columns={"toxicity": "prediction"})
