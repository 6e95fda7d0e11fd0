"""offline-binary-events' own checks: the split by play, the ceiling from the true contact
probabilities, and a test set large enough to tell gold from bronze."""

from pathlib import Path

import pandas as pd

from mlebench.offline import quality
from mlebench.registry import load_competition_module



def test_a_quarter_of_the_plays_are_the_test_set_and_their_tracking_is_public(comp):
    train = pd.read_csv(comp.public_dir / "train_labels.csv")
    answers = pd.read_csv(comp.answers)
    tracking = pd.read_csv(comp.public_dir / "test_player_tracking.csv")
    assert (train["game_play"].nunique(), answers["game_play"].nunique()) == (60, 20)
    assert set(train["game_play"]).isdisjoint(answers["game_play"])
    assert set(tracking["game_play"]) == set(answers["game_play"])
    assert 0.01 < answers["contact"].mean() < 0.1


def test_the_ceiling_is_the_true_contact_probability_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
