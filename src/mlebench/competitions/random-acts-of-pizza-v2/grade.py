"""Version 1's grader, unchanged (imported, not copied): ROC AUC matched by request_id."""

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "random-acts-of-pizza", "grade")

grade = _v1.grade
