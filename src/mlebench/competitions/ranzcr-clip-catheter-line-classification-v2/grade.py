"""Kaggle's metric: the mean ROC AUC over all eleven label columns (version 1's grader, all columns)."""

from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_grade = load_competition_module(Path(__file__).resolve().parent.parent / "ranzcr-clip-catheter-line-classification", "grade")


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return _grade.grade_columns(submission, answers, _grade.ALL_CLASSES)
