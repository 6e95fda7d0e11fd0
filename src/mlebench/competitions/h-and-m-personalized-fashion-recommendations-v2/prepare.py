"""Version 1's preparation, unchanged: version 2 only changes how article ids are compared (grade.py)."""

from pathlib import Path

from mlebench.registry import load_competition_module

prepare = load_competition_module(
    Path(__file__).resolve().parent.parent / "h-and-m-personalized-fashion-recommendations", "prepare"
).prepare
