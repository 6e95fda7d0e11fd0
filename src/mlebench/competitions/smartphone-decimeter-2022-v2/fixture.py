"""Version 1's synthetic download (smartphone-decimeter-2022/fixture.py)."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(Path(__file__).resolve().parent.parent / "smartphone-decimeter-2022", "fixture").make_raw
