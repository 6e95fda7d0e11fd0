"""offline-tabular-multiclass's own checks: the Bayes-optimal ceiling from the generator's latent
features, and a test set large enough to tell gold from bronze."""

from mlebench.offline import quality


def test_the_ceiling_is_the_bayes_optimal_class_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
