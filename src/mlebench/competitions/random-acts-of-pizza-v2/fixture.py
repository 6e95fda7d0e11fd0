"""random-acts-of-pizza-v2 is prepared from the same Kaggle download as random-acts-of-pizza."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "random-acts-of-pizza", "fixture").make_raw
