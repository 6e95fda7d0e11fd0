"""h-and-m-personalized-fashion-recommendations-v2 is prepared from the same Kaggle download as version 1."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(
    Path(__file__).resolve().parent.parent / "h-and-m-personalized-fashion-recommendations", "fixture"
).make_raw
