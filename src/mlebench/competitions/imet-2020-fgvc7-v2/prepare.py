"""Version 1's split and files (only the grading differs)."""

from pathlib import Path

from mlebench.registry import load_competition_module

prepare = load_competition_module(Path(__file__).resolve().parent.parent / "imet-2020-fgvc7", "prepare").prepare
