"""offline-pairwise-preference's own checks: the split, the ceiling from the responses' latent
qualities, and a test set large enough to tell gold from bronze."""

from pathlib import Path

import pandas as pd

from mlebench.offline import quality
from mlebench.registry import load_competition_module



def test_a_quarter_of_the_battles_are_the_test_set_and_the_names_are_hidden(comp):
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.answers)
    assert (len(train), len(test), len(answers)) == (9000, 3000, 3000)
    assert list(test.columns) == ["id", "prompt", "response_a", "response_b"]
    assert (answers[["winner_model_a", "winner_model_b", "winner_tie"]].sum(axis=1) == 1).all()


def test_the_ceiling_is_the_true_vote_probabilities_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
