"""Version 1's grader (mean Dice from the runs, matched by id)."""

from pathlib import Path

from mlebench.registry import load_competition_module

grade = load_competition_module(Path(__file__).resolve().parent.parent / "hubmap-kidney-segmentation", "grade").grade
