"""offline-segmentation's own checks: the split, the ceiling from the generator's drawn glomeruli, and a
test set large enough to tell gold from bronze."""

import pandas as pd

from mlebench.offline import quality
from mlebench.utils import load_answers


def test_half_of_the_labelled_tiles_are_the_test_set_and_every_tile_has_a_glomerulus(comp):
    train = pd.read_csv(comp.public_dir / "train.csv", keep_default_na=False)
    answers = load_answers(comp.answers)
    assert (len(train), len(answers)) == (160, 160)
    assert (train["encoding"] != "").all() and (answers["encoding"].astype(str).str.strip() != "").all()


def test_the_ceiling_is_the_drawn_glomeruli_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
