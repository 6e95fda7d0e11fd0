"""offline-image-to-image's own checks: the held-out pages, the ceiling from the generator's ink and a
test set large enough to tell gold from bronze."""

import pandas as pd

from mlebench.offline import quality


def test_a_fifth_of_the_labelled_pages_are_graded_pixel_by_pixel(comp):
    answers = pd.read_csv(comp.answers)
    pages = answers["id"].str.rsplit("_", n=2).str[0]
    assert pages.nunique() == 20 and len(list((comp.public_dir / "train").glob("*.png"))) == 80
    assert answers["value"].between(0, 1).all()


def test_the_ceiling_is_the_generators_ink_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
