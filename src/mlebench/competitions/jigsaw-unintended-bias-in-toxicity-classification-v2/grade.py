"""Jigsaw's unintended-bias score as Kaggle computed it: the AUCs rank the raw predictions.

Same answers, identities and validity rules as version 1 (whose grade.py this reuses); only v1's
binarization of the predictions at 0.5 is gone.
"""

from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_v1 = load_competition_module(
    Path(__file__).resolve().parent.parent / "jigsaw-unintended-bias-in-toxicity-classification", "grade"
)
answers_to_submission = _v1.answers_to_submission


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return _v1.score(submission, answers, threshold_predictions=None)
