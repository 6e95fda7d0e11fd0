"""Version 1's grader, unchanged (Kaggle's mean over types of log MAE, rows matched by id)."""

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "champs-scalar-coupling", "grade")
grade = _v1.grade
answers_to_submission = _v1.answers_to_submission
