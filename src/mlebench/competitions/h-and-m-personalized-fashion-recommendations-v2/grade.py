"""Version 1's MAP@12 grader with article ids compared as numbers: ``0706016001`` (Kaggle's
spelling, used by articles.csv, images/ and the sample) matches ``706016001`` (v1's answers)."""

from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_v1 = load_competition_module(
    Path(__file__).resolve().parent.parent / "h-and-m-personalized-fashion-recommendations", "grade"
)
answers_to_submission = _v1.answers_to_submission


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return _v1.score(submission, answers, normalise_ids=True)
