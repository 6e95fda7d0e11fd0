"""offline-time-series' own checks: the ceiling recomputed from the generator's true daily intensities, and a
test set large enough to tell gold from bronze."""

from pathlib import Path

from mlebench.offline.quality import check_ceiling, check_quality
from mlebench.registry import load_module

raw = load_module(Path(__file__).with_name("raw.py"), "offline-time-series.raw")


def test_the_ceiling_is_the_poisson_median_of_the_true_intensity_and_beats_the_board(comp):
    check_ceiling(comp, raw.true_medians())


def test_the_test_set_separates_gold_from_bronze(comp):
    check_quality(comp)
