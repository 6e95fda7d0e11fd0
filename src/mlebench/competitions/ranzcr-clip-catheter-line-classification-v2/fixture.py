"""Version 2 downloads the same Kaggle competition: the same synthetic raw files as version 1."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "ranzcr-clip-catheter-line-classification", "fixture").make_raw
