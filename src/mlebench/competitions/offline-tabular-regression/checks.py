"""offline-tabular-regression's own checks: the ceiling from the generator's noise-free fares, and a
test set large enough to tell gold from bronze."""

import pandas as pd

from mlebench.offline import quality


def test_the_test_set_is_16000_held_out_rides(comp):
    train = pd.read_csv(comp.public_dir / "labels.csv", usecols=["key"])
    answers = pd.read_csv(comp.answers, usecols=["key"])
    assert (len(train), len(answers)) == (20000, 16000)
    assert set(train["key"]).isdisjoint(answers["key"])


def test_the_ceiling_is_the_noise_free_fares_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
