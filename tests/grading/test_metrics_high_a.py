"""Metrics added for the high split, A (hms-harmful-brain-activity-classification), against values
computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlebench.grading import metrics as m

# merged into tests/grading/test_metrics.py's HAND_COMPUTED (metric name -> (args, value))
HAND_COMPUTED_HIGH_A = {
    # rows: ln(1/0.9) twice, ln(1/0.8), ln(1/0.65) = 0.1053605 * 2 + 0.2231436 + 0.4307829; / 4
    "kl-divergence": (([[0, 1], [1, 0], [1, 0], [0, 1]], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]),
                      (2 * math.log(1 / 0.9) + math.log(1 / 0.8) + math.log(1 / 0.65)) / 4),
}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_HIGH_A))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_HIGH_A[name]
    assert m.get_metric(name).fn(*args) == pytest.approx(expected, abs=1e-9)


def test_kl_divergence_by_hand():
    t = np.array([[0, 1], [1, 0], [1, 0], [0, 1]], dtype=float)
    p = np.array([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])
    # rows: ln(1/0.9), ln(1/0.9), ln(1/0.8), ln(1/0.65); zero answers add nothing
    # = 0.1053605 + 0.1053605 + 0.2231436 + 0.4307829 = 0.8646475; / 4 = 0.2161619
    assert m.kl_divergence_loss(t, p) == pytest.approx(0.2161619, abs=1e-7)
    assert m.METRICS["kl-divergence"].fn is m.kl_divergence_loss and not m.METRICS["kl-divergence"].higher_is_better


def test_kl_divergence_soft_labels_and_clipping():
    t = np.array([[0.5, 0.5, 0.0], [0.0, 0.1, 0.9]])
    p = np.array([[0.25, 0.75, 0.0], [0.2, 0.0, 0.8]])
    # row 1: 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln 2 + 0.5 ln(2/3) = 0.5 ln(4/3)
    # row 2: 0.1 ln(0.1/1e-15) + 0.9 ln(0.9/0.8)  (a 0 prediction is clipped to 1e-15)
    row1 = 0.5 * math.log(4 / 3)
    row2 = 0.1 * math.log(0.1 / 1e-15) + 0.9 * math.log(0.9 / 0.8)
    assert m.kl_divergence_loss(t, p) == pytest.approx((row1 + row2) / 2)
    assert m.kl_divergence_loss(t, t) == 0.0


def test_kl_divergence_rejects_mismatched_shapes_and_nan():
    with pytest.raises(ValueError):
        m.kl_divergence_loss(np.ones((2, 3)) / 3, np.ones((2, 2)) / 2)
    with pytest.raises(Exception, match="non-finite"):
        m.kl_divergence_loss(np.array([[1.0, 0.0]]), np.array([[np.nan, 1.0]]))
