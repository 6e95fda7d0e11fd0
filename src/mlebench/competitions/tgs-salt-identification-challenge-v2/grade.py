"""Version 1's grader without v1's binning quirk: an empty prediction on an image with salt scores 0
(as in Kaggle's metric)."""

from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "tgs-salt-identification-challenge", "grade")


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return _v1.score(submission, answers, empty_prediction_as_full=False)
