"""multi-modal-gesture-recognition-v2 is prepared from the same Kaggle download as multi-modal-gesture-recognition."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "multi-modal-gesture-recognition", "fixture").make_raw
