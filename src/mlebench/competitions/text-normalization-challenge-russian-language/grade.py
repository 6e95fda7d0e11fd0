"""Accuracy of the normalised tokens: the English competition's grader, imported from its folder."""

from pathlib import Path

from mlebench.registry import load_competition_module

grade = load_competition_module(Path(__file__).resolve().parent.parent / "text-normalization-challenge-english-language", "grade").grade
