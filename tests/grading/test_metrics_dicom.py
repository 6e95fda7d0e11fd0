"""Metrics added for the high split's DICOM competitions (rsna-breast-cancer-detection), against
values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import numpy as np
import pytest

from mlebench.grading import metrics as m

# merged into tests/grading/test_metrics.py's HAND_COMPUTED (metric name -> (args, value))
HAND_COMPUTED_DICOM = {
    # pTP = 0.8 + 0.4 = 1.2, pFP = 0.2 + 0 = 0.2: P = 1.2/1.4 = 6/7, R = 1.2/2 = 0.6
    # F1 = 2 P R / (P + R) = (7.2/7) / (10.2/7) = 12/17
    "probabilistic-f1-score": (([1, 1, 0, 0], [0.8, 0.4, 0.2, 0.0]), 12 / 17),
}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_DICOM))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_DICOM[name]
    assert m.get_metric(name).fn(*args) == pytest.approx(expected, abs=1e-12)


def test_probabilistic_f1_clips_and_weights_beta():
    # 1.5 -> 1 and -0.5 -> 0: pTP = 1 + 0.5 = 1.5, pFP = 0 + 0.5 = 0.5: P = 0.75, R = 0.75 -> F1 0.75
    assert m.probabilistic_f1_score([1, 1, 0, 0], [1.5, 0.5, -0.5, 0.5]) == pytest.approx(0.75)
    # beta 2 on the hand case: 5 P R / (4 P + R) = 5 * 18/35 / (24/7 + 3/5) = (18/7) / (141/35) = 90/141
    assert m.probabilistic_f1_score([1, 1, 0, 0], [0.8, 0.4, 0.2, 0.0], beta=2) == pytest.approx(90 / 141)
    assert m.METRICS["probabilistic-f1-score"].higher_is_better


def test_probabilistic_f1_edge_cases():
    assert m.probabilistic_f1_score([1, 0], [0.0, 0.0]) == 0.0  # no detection at all
    assert m.probabilistic_f1_score([1, 0], [0.0, 0.7]) == 0.0  # only false detections
    assert m.probabilistic_f1_score([1, 0, 0], [1.0, 0.0, 0.0]) == 1.0
    with pytest.raises(ValueError, match="no positive"):
        m.probabilistic_f1_score([0, 0], [0.5, 0.5])
    with pytest.raises(Exception, match="non-finite"):
        m.probabilistic_f1_score([1, 0], [np.nan, 0.5])


def test_probabilistic_f1_matches_the_loop_definition():
    rng = np.random.default_rng(5)
    t, p = rng.random(300) < 0.1, rng.uniform(-0.2, 1.2, 300)
    q = np.clip(p, 0, 1)
    precision, recall = q[t].sum() / q.sum(), q[t].sum() / t.sum()
    assert m.probabilistic_f1_score(t, p) == pytest.approx(2 * precision * recall / (precision + recall))
