"""tensorflow2-question-answering-v2 uses version 1's Kaggle download."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "tensorflow2-question-answering", "fixture").make_raw
