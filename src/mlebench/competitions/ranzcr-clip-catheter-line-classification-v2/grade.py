"""Kaggle's metric: the mean ROC AUC over all eleven label columns (version 1's grader, all columns)."""

import importlib.util
from pathlib import Path

import pandas as pd

_spec = importlib.util.spec_from_file_location("ranzcr_v2_loader", Path(__file__).with_name("_v1.py"))
_v1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_v1)
_grade = _v1.load("grade")


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return _grade.grade_columns(submission, answers, _grade.ALL_CLASSES)
