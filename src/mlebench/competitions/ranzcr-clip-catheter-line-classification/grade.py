"""Mean over label columns of each column's ROC AUC, rows matched by StudyInstanceUID.

Version 1 scores v1's nine columns (the two others, if submitted, are ignored); version 2 calls
``grade_columns`` with all eleven. As in v1, predictions must be probabilities in [0, 1].
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import mean_column_wise_roc_auc_score
from mlebench.grading.submission import align
from mlebench.registry import load_competition_module

ALL_CLASSES = load_competition_module(Path(__file__).resolve().parent, "prepare").ALL_CLASSES
V1_CLASSES = ALL_CLASSES[:9]
ID = "StudyInstanceUID"


def grade_columns(submission: pd.DataFrame, answers: pd.DataFrame, classes: list[str], *, ignored: tuple = ()) -> float:
    sub = submission.drop(columns=[c for c in ignored if c in submission.columns])
    sub, ans = align(sub, answers, id_column=ID, target_columns=classes, numeric=True)
    values = sub[classes].to_numpy(dtype=float)
    if values.min() < 0 or values.max() > 1:
        raise InvalidSubmissionError(
            f"predictions must be probabilities in [0, 1]; found values in [{values.min():.4g}, {values.max():.4g}]"
        )
    return mean_column_wise_roc_auc_score(ans[classes].to_numpy(), values)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return grade_columns(submission, answers, V1_CLASSES, ignored=tuple(ALL_CLASSES[9:]))
