"""offline-tabular-regression's own checks: the ceiling recomputed from the generator's noise-free fares."""

from pathlib import Path

from mlebench.offline.quality import check_ceiling
from mlebench.registry import load_module

raw = load_module(Path(__file__).with_name("raw.py"), "offline-tabular-regression.raw")


def test_the_ceiling_is_the_noise_free_fares_score_and_beats_the_board(comp):
    check_ceiling(comp, raw.noise_free_fares())
