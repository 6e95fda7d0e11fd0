"""The weighted multi-label log loss of rsna-2022-cervical-spine-fracture-detection, against values
computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlebench.grading import metrics as m

_T = [[0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0]]
_P = [[0.5] * 8, [0.8] + [0.5] * 7]

# merged into tests/grading/test_metrics.py's HAND_COMPUTED (metric name -> (args, value))
HAND_COMPUTED_RSNA2022 = {
    # row 1: every cell ln 2, weights 7,1..1 -> ln 2
    # row 2: weights 14, 2, 1 x 6 (sum 22): (14 (-ln 0.8) + 2 ln 2 + 6 ln 2) / 22
    "weighted-multi-label-log-loss": ((_T, _P), (math.log(2) + (14 * math.log(1.25) + 8 * math.log(2)) / 22) / 2),
}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_RSNA2022))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_RSNA2022[name]
    assert m.get_metric(name).fn(*args) == pytest.approx(expected, abs=1e-12)


def test_custom_weights_clipping_and_direction():
    # one row, two labels: label 1 true with p 0.5 (w 3), label 2 false with p 0 -> clipped, loss ~0 (w 1)
    got = m.weighted_multi_label_log_loss([[1, 0]], [[0.5, 0.0]], negative_weights=[1, 1], positive_weights=[3, 3])
    assert got == pytest.approx(3 * math.log(2) / 4)
    # a confident wrong answer is capped by the 1e-15 clip: -ln(1e-15) with any weights
    assert m.weighted_multi_label_log_loss([[1] * 8], [[0.0] * 8]) == pytest.approx(-math.log(1e-15))
    assert not m.METRICS["weighted-multi-label-log-loss"].higher_is_better


def test_rows_are_weighted_by_their_own_weight_sum():
    # weighting per row, then a plain mean: not the same as one global weighted mean
    rng = np.random.default_rng(7)
    t = (rng.random((50, 8)) < 0.3).astype(float)
    p = rng.uniform(0.01, 0.99, (50, 8))
    w = t * [14, 2, 2, 2, 2, 2, 2, 2] + (1 - t) * [7, 1, 1, 1, 1, 1, 1, 1]
    cell = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert m.weighted_multi_label_log_loss(t, p) == pytest.approx(np.mean((w * cell).sum(1) / w.sum(1)))


def test_shape_errors():
    with pytest.raises(ValueError, match="shapes"):
        m.weighted_multi_label_log_loss([[0] * 8], [[0.5] * 7])
    with pytest.raises(ValueError, match="weights"):
        m.weighted_multi_label_log_loss([[0, 1]], [[0.5, 0.5]])
    with pytest.raises(Exception, match="non-finite"):
        m.weighted_multi_label_log_loss([[0] * 8], [[np.nan] + [0.5] * 7])
