"""(Version 1's grader, unchanged: see multi-modal-gesture-recognition/grade.py.)"""

from pathlib import Path

from mlebench.registry import load_competition_module

grade = load_competition_module(Path(__file__).resolve().parent.parent / "multi-modal-gesture-recognition", "grade").grade
