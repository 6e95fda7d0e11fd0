"""Metrics added for the high split, B (vesuvius-challenge-ink-detection, ...), against values
computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import numpy as np
import pytest

from mlebench.grading import metrics as m

# gathered by tests/grading/test_metrics.py (every registered metric has a hand-computed case)
# TP 3, FN 1, FP 2 at beta 1: 2 * 3 / (6 + 1 + 2) = 2/3
HAND_COMPUTED_HIGH_B = {
    "f-beta-score": (([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]), 2 / 3),
}

def test_fbeta_by_hand():
    t = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    p = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0])
    # TP 3, FN 1, FP 2; P = 3/5, R = 3/4
    # F0.5 = 1.25 * 3 / (1.25 * 3 + 0.25 * 1 + 2) = 3.75 / 6 = 0.625
    assert m.fbeta_score(t, p, beta=0.5) == pytest.approx(0.625)
    # F1 = 2 * 3 / (6 + 1 + 2) = 2/3;  F2 = 5 * 3 / (15 + 4 + 2) = 15/21
    assert m.fbeta_score(t, p) == pytest.approx(2 / 3)
    assert m.fbeta_score(t, p, beta=2) == pytest.approx(15 / 21)
    assert m.METRICS["f-beta-score"].fn is m.fbeta_score and m.METRICS["f-beta-score"].higher_is_better


def test_fbeta_matches_scikit_learn_and_edge_cases():
    from sklearn.metrics import fbeta_score

    rng = np.random.default_rng(0)
    t, p = rng.random((2, 500)) < 0.3
    assert m.fbeta_score(t, p, beta=0.5) == pytest.approx(fbeta_score(t, p, beta=0.5))
    assert m.fbeta_score(t.reshape(20, 25), p.reshape(20, 25), beta=0.5) == pytest.approx(fbeta_score(t, p, beta=0.5))
    assert m.fbeta_score([1, 0], [0, 1], beta=0.5) == 0.0  # no true positive
    assert m.fbeta_score([1, 1], [1, 1], beta=0.5) == 1.0
    with pytest.raises(ValueError):
        m.fbeta_score([1, 0], [1], beta=0.5)
