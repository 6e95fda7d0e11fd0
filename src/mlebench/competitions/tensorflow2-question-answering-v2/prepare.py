"""tensorflow2-question-answering-v2 uses version 1's split and files, unchanged (version 2 changes only the grading)."""

from pathlib import Path

from mlebench.registry import load_competition_module

prepare = load_competition_module(Path(__file__).resolve().parent.parent / "tensorflow2-question-answering", "prepare").prepare
