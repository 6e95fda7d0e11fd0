"""offline-time-series' own checks: the ceiling recomputed from the generator's true daily intensities."""

from pathlib import Path

from mlebench.offline.quality import check_ceiling
from mlebench.registry import load_module

raw = load_module(Path(__file__).with_name("raw.py"), "offline-time-series.raw")


def test_the_ceiling_is_the_poisson_median_of_the_true_intensity_and_beats_the_board(comp):
    check_ceiling(comp, raw.true_medians())
