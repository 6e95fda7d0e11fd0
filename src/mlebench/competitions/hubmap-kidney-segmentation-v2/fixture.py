"""Version 1's synthetic download (the same Kaggle files)."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "hubmap-kidney-segmentation", "fixture").make_raw
