"""offline-ordinal's own checks: the split, the ceiling from the generator's latent skill, and a test
set large enough to tell gold from bronze."""

from pathlib import Path

import pandas as pd

from mlebench.offline import quality
from mlebench.registry import load_competition_module



def test_a_quarter_of_the_graded_essays_are_the_test_set(comp):
    train = pd.read_csv(comp.public_dir / "train.csv", dtype={"essay_id": str})
    answers = pd.read_csv(comp.answers, dtype={"essay_id": str})
    assert (len(train), len(answers)) == (6000, 2000)
    assert list(answers.columns) == ["essay_id", "full_text", "score"]
    assert set(answers["score"]) == set(range(1, 7))


def test_the_ceiling_is_the_latent_skill_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
