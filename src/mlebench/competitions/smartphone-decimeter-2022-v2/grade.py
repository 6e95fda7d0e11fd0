"""(Version 1's grader, unchanged: see smartphone-decimeter-2022/grade.py.)"""

from pathlib import Path

from mlebench.registry import load_competition_module

grade = load_competition_module(Path(__file__).resolve().parent.parent / "smartphone-decimeter-2022", "grade").grade
