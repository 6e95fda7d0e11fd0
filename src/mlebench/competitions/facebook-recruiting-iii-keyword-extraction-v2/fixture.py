"""facebook-recruiting-iii-keyword-extraction-v2 is prepared from the same Kaggle download as facebook-recruiting-iii-keyword-extraction."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "facebook-recruiting-iii-keyword-extraction", "fixture").make_raw
