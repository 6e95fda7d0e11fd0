"""Version 1's preparation, unchanged: version 2 only changes the grading (see grade.py)."""

from pathlib import Path

from mlebench.registry import load_competition_module

prepare = load_competition_module(
    Path(__file__).resolve().parent.parent / "jigsaw-unintended-bias-in-toxicity-classification", "prepare"
).prepare
