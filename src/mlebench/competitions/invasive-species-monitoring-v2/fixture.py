"""invasive-species-monitoring-v2 is prepared from the same Kaggle download as invasive-species-monitoring."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "invasive-species-monitoring", "fixture").make_raw
