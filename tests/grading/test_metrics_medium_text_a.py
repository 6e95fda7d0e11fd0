"""Metrics added for the medium split, text A (us-patent, google-quest, tweet-sentiment-extraction),
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
}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_MEDIUM_TEXT_A))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_MEDIUM_TEXT_A[name]
    assert m.METRICS[name].fn(*args) == pytest.approx(expected, abs=1e-9)
    assert m.METRICS[name].higher_is_better


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
