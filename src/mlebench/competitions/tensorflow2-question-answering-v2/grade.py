"""Kaggle's F1 over the long and short rows: TP = right predictions, FP = wrong predictions (including
an answer where none exists), FN = blank predictions where an answer exists (see version 1's grade.py)."""

from pathlib import Path

from mlebench.registry import load_competition_module

grade = load_competition_module(Path(__file__).resolve().parent.parent / "tensorflow2-question-answering", "grade").grade_f1
