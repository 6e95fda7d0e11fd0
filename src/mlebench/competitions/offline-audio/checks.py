"""offline-audio's own checks: the day split, the ceiling from the generator's genie likelihood
ratio, and a test set large enough to tell gold from bronze."""

import zipfile

import pandas as pd

from mlebench.offline import quality


def test_the_two_densely_recorded_days_are_the_test_set(comp):
    with zipfile.ZipFile(comp.public_dir / "train2.zip") as z:
        train = [n for n in z.namelist() if n.endswith(".wav")]
    answers = pd.read_csv(comp.answers)
    assert (len(train), len(answers)) == (320, 1200)
    assert sorted({n.split("/")[1][:8] for n in train}) == ["20090328", "20090329"]
    assert sorted(set(answers["clip"].str[:8])) == ["20090330", "20090331"]
    assert 0.2 < answers["probability"].mean() < 0.3


def test_the_ceiling_is_the_genie_likelihood_ratio_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
