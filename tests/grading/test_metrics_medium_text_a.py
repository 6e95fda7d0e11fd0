"""Metrics added for the medium split, text A (us-patent, google-quest, tweet-sentiment-extraction,
jigsaw-unintended-bias-in-toxicity-classification, billion-word-imputation, champs-scalar-coupling),
against values computed by hand (the arithmetic is in the comments).

``HAND_COMPUTED_MEDIUM_TEXT_A`` has the shape of ``tests/grading/test_metrics.py``'s
``HAND_COMPUTED`` (metric name -> (args, value)) so that it can be merged into it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlebench.grading import metrics as m

HAND_COMPUTED_MEDIUM_TEXT_A = {
    # deviations t [-1,0,1], p [-7/3,-1/3,8/3]: cov 5, var 2 and 38/3 -> 5 / sqrt(76/3)
    "pearson-or-zero": (([1, 2, 3], [2, 4, 7]), 5 / math.sqrt(76 / 3)),
    # column 1: ranks of predictions [1,2,4,3], d^2 sum 2 -> 1 - 6*2/(4*15) = 0.8;
    # column 2: predictions reversed -> -1; mean (0.8 - 1) / 2
    "mean-column-wise-spearman": (
        (np.array([[1, 5], [2, 6], [3, 7], [4, 8]]), np.array([[10, 4], [20, 3], [40, 2], [30, 1]])),
        -0.1,
    ),
    # {a,b,c} vs {a,b}: 2/3; {hello} vs {}: 0; {x} vs {x}: 1 -> (2/3 + 0 + 1) / 3
    "mean-word-jaccard": ((["a b c", "Hello", "x"], ["A b", "", "x x"]), 5 / 9),
    # rows (toxic, in group, pred): r1 (1,1,.9) r2 (0,1,.2) r3 (1,0,.3) r4 (0,0,.4).
    # overall: pairs (.9>.2) (.9>.4) (.3>.2) but not (.3>.4) -> 3/4; subgroup {r1,r2}: 1;
    # BPSN {r2,r3}: .3 > .2 -> 1; BNSP {r1,r4}: 1; one group -> .25 * .75 + .25 * 3 = 0.9375
    "jigsaw-bias-auc": ((np.array([[1, 1], [0, 1], [1, 0], [0, 0]]), [0.9, 0.2, 0.3, 0.4]), 0.9375),
    # kitten -> sitting: k/s, e/i, +g = 3; "flaw" -> "lawn": -f, +n = 2; "" vs "abc" = 3 -> 8 / 3
    "mean-levenshtein-distance": ((["kitten", "flaw", ""], ["sitting", "lawn", "abc"]), 8 / 3),
    # group a: |1-2|, |3-3| -> MAE 0.5; group b: |4-4| -> MAE 0, floored at 1e-9 -> (ln .5 + ln 1e-9) / 2
    "group-log-mae": (([1, 3, 4], [2, 3, 4], ["a", "a", "b"]), (math.log(0.5) + math.log(1e-9)) / 2),
}

JIGSAW_ROWS = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1], [0, 0, 0]])  # toxic, group A, group B
JIGSAW_PRED = [0.9, 0.2, 0.3, 0.4]


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_MEDIUM_TEXT_A))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_MEDIUM_TEXT_A[name]
    assert m.METRICS[name].fn(*args) == pytest.approx(expected, abs=1e-9)
    assert m.METRICS[name].higher_is_better == (name not in ("mean-levenshtein-distance", "group-log-mae"))


def test_pearson_or_zero_scores_constant_predictions_zero_and_is_bounded():
    assert m.pearson_or_zero_score([1, 2, 3], [0.5, 0.5, 0.5]) == 0.0
    assert m.pearson_or_zero_score([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # agrees with numpy where r is defined
    rng = np.random.default_rng(0)
    t, p = rng.random(50), rng.random(50)
    assert m.pearson_or_zero_score(t, p) == pytest.approx(np.corrcoef(t, p)[0, 1])
    with pytest.raises(ValueError, match="constant"):
        m.pearson_or_zero_score([1, 1, 1], [1, 2, 3])


def test_column_wise_spearman_ties_take_average_ranks_and_constant_column_is_zero():
    # answers [1,2,3,4]; predictions [1,1,2,2] -> ranks [1.5,1.5,3.5,3.5]: r = 4 / sqrt(5 * 4) = 2/sqrt(5)
    t = np.array([[1, 1], [2, 2], [3, 3], [4, 4]])
    p = np.array([[1, 7], [1, 7], [2, 7], [2, 7]])
    assert m.mean_column_wise_spearman_score(t, p) == pytest.approx((2 / math.sqrt(5) + 0) / 2)
    from scipy.stats import spearmanr

    rng = np.random.default_rng(1)
    t, p = rng.integers(0, 4, size=(40, 3)), rng.random((40, 3))
    expected = np.mean([spearmanr(t[:, j], p[:, j]).statistic for j in range(3)])
    assert m.mean_column_wise_spearman_score(t, p) == pytest.approx(expected)


def test_word_jaccard_blank_cells_are_empty_selections():
    assert m.mean_word_jaccard_score(["a"], [float("nan")]) == 0.0
    assert m.mean_word_jaccard_score([""], [None]) == 1.0  # two empty sets
    assert m.mean_word_jaccard_score(["Good DAY"], ["day good good"]) == 1.0
    with pytest.raises(ValueError):
        m.mean_word_jaccard_score(["a", "b"], ["a"])


def test_jigsaw_bias_auc_power_mean_over_groups_and_a_zero_auc():
    # group B = {r2, r3}: subgroup .3 > .2 -> 1; BPSN {r2 .2, r1 .9} -> 1; BNSP {r3 .3, r4 .4} -> 0.
    # power means over (A, B): subgroup 1, BPSN 1, BNSP (1, 0) -> 0 -> .25 * .75 + .25 * 2
    assert m.jigsaw_bias_auc_score(JIGSAW_ROWS, JIGSAW_PRED) == pytest.approx(0.6875)


def test_jigsaw_bias_auc_thresholded_predictions_as_v1():
    # predictions >= .5 -> [1, 0, 0, 0]; ties count half. overall: (1>0)(1>0)(0=0)(0=0) -> 3/4.
    # A: subgroup 1, BPSN {r2 0, r3 0} .5, BNSP {r1 1, r4 0} 1; B: subgroup {r3 0 vs r2 0} .5,
    # BPSN {r2 0 vs r1 1} 1, BNSP {r3 0 vs r4 0} .5. Each power mean is M_-5(1, .5) = (33/2)^(-1/5)
    expected = 0.25 * 0.75 + 0.25 * 3 * 16.5 ** (-1 / 5)
    assert m.jigsaw_bias_auc_score(JIGSAW_ROWS, JIGSAW_PRED, threshold_predictions=0.5) == pytest.approx(expected)
    # without thresholding, the (different) Kaggle value
    assert m.jigsaw_bias_auc_score(JIGSAW_ROWS, JIGSAW_PRED) != pytest.approx(expected)


def test_jigsaw_bias_auc_one_class_subgroup_is_undefined():
    rows = np.array([[1, 1], [1, 1], [1, 0], [0, 0]])  # every member of the group is toxic
    with pytest.raises(ValueError, match="subgroup"):
        m.jigsaw_bias_auc_score(rows, [0.9, 0.8, 0.3, 0.1])


def test_mean_levenshtein_equals_the_reference_dp_on_random_pairs():
    import random

    rnd = random.Random(7)
    alphabet = "ab c'\"é"
    t = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 15))) for _ in range(400)]
    p = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 15))) for _ in range(400)]
    p[:50] = t[:50]  # some identical pairs
    p[50:100] = [s[:3] + "x" + s[3:] for s in t[50:100]]  # shared prefix and suffix
    expected = np.mean([m.levenshtein_distance(a, b) for a, b in zip(t, p)])
    assert m.mean_levenshtein_error(t, p) == pytest.approx(expected)


def test_mean_levenshtein_blank_cells_are_empty_strings():
    assert m.mean_levenshtein_error(["abc", "x"], [float("nan"), None]) == pytest.approx(2.0)
    assert m.mean_levenshtein_error([], []) == 0.0


def test_group_log_mae_weighs_groups_equally_whatever_their_size():
    # group x: 3 rows, errors 1, 1, 4 -> MAE 2; group y: 1 row, error e -> MAE e: (ln 2 + 1) / 2
    t = [0, 0, 0, 0]
    p = [1, -1, 4, math.e]
    assert m.mean_group_log_mean_absolute_error(t, p, ["x", "x", "x", "y"]) == pytest.approx((math.log(2) + 1) / 2)
    with pytest.raises(ValueError):
        m.mean_group_log_mean_absolute_error([1, 2], [1, 2], ["x"])
