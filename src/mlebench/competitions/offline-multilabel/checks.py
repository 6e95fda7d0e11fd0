"""offline-multilabel's own checks: the split and its unscored rows, the ceiling from the generator's
true label probabilities, and a test set large enough to tell gold from bronze."""

import pandas as pd

from mlebench.offline import quality

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def test_the_test_set_is_twice_the_training_set_and_a_share_is_unscored(comp):
    train = pd.read_csv(comp.public_dir / "train.csv", dtype={"id": str}, keep_default_na=False)
    answers = pd.read_csv(comp.answers, dtype={"id": str})
    assert (len(train), len(answers)) == (10000, 20000)
    unscored = (answers[LABELS] == -1).all(axis=1)
    assert ((answers[LABELS] == -1).any(axis=1) == unscored).all()  # a row is scored on all labels or none
    assert 0.35 < unscored.mean() < 0.45
    scored = answers.loc[~unscored, LABELS]
    assert scored.isin([0, 1]).all().all() and (scored.sum() >= 150).all()  # every label has positives to rank


def test_the_ceiling_is_the_true_label_probabilities_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
