"""Metrics added for the medium split, image A (tgs-salt-identification-challenge,
alaska2-image-steganalysis, kuzushiji-recognition), against values computed by hand (the arithmetic
is in the comments).

``HAND_COMPUTED_MEDIUM_IMAGE_A`` has the shape of ``tests/grading/test_metrics.py``'s
``HAND_COMPUTED`` (metric name -> (args, value)) so that it can be merged into it.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlebench.grading import metrics as m


def _masks() -> tuple[np.ndarray, np.ndarray]:
    """Four 2x4 images: (true, predicted)."""
    t = np.zeros((4, 2, 4), dtype=bool)
    p = np.zeros((4, 2, 4), dtype=bool)
    t[0, 0, :] = True            # 4 px
    p[0, 0, 1:] = True           # 3 of them ...
    p[0, 1, 0] = True            # ... and 1 more: IoU 3 / 5 = 0.6
    p[2, 1, 3] = True            # image 2: nothing true, 1 px predicted; image 1: both empty
    t[3, :, :3] = True           # image 3: 6 px true, nothing predicted
    return t, p


HAND_COMPUTED_MEDIUM_IMAGE_A = {
    # image 0: IoU 0.6 exceeds 0.5 and 0.55 only -> 2/10; image 1 both empty -> 1; image 2 salt
    # predicted where there is none -> 0; image 3 nothing predicted -> 0 -> (0.2 + 1 + 0 + 0) / 4
    "mean-iou-threshold-precision": (_masks(), 0.3),
    # y 0 1 0 1, scores 0.1-0.4: ROC (0,0) (0,.5) (.5,.5) (.5,1) (1,1); (0,.4) inserted.
    # band [0,.4]: (0,0) (0,.4) + (1,.4): area .4, x2 = .8; band [.4,1]: heights above .4 of
    # (0,0) (0,.1) (.5,.1) (.5,.6) (1,.6) + (1,.6): area .05 + .3 = .35, x1 -> 1.15 / (.4*2 + .6) = 23/28
    "alaska-weighted-auc": (([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]), 1.15 / 1.4),
    # page 1: box A matched by the first A point (5,5) -> TP; box B (20..30) has no B point inside -> FN;
    #   A (6,6) and B (5,5) unused -> 2 FP. page 2: no truth, one point -> FP. page 3: no points -> FN.
    # page 4: a point on the box edge is not inside -> FN + FP. TP 1, FP 4, FN 3: P 1/5, R 1/4 -> 2/9
    "kuzushiji-f1": (
        (["A 0 0 10 10 B 20 0 10 10", np.nan, "C 0 0 4 4", "D 0 0 4 4"],
         ["A 5 5 A 6 6 B 5 5", "C 1 1", np.nan, "D 0 2"]),
        2 / 9,
    ),
}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_MEDIUM_IMAGE_A))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_MEDIUM_IMAGE_A[name]
    got = m.METRICS[name].fn(*args)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, abs=1e-9)
    assert m.METRICS[name].higher_is_better


def test_iou_precision_v1_scores_an_empty_prediction_as_a_full_mask():
    t, p = _masks()
    # image 3: as a full 8 px mask, IoU 6/8 = 0.75 exceeds 0.5 .. 0.7 (5 of 10; 0.75 is not > 0.75)
    assert m.mean_iou_threshold_precision(t, p, empty_prediction_as_full=True) == pytest.approx((0.2 + 1 + 0 + 0.5) / 4)
    # a full prediction gets the same score in both modes
    full = p.copy()
    full[3] = True
    assert m.mean_iou_threshold_precision(t, full) == pytest.approx((0.2 + 1 + 0 + 0.5) / 4)
    # an image whose truth is empty still needs an empty prediction
    assert m.mean_iou_threshold_precision(t[1:3], np.zeros_like(t[1:3]), empty_prediction_as_full=True) == 1.0
    with pytest.raises(ValueError):
        m.mean_iou_threshold_precision(t, p[:3])


def test_iou_precision_thresholds_are_strict():
    t = np.zeros((1, 1, 10), dtype=bool)
    t[0, 0, :] = True
    p = t.copy()
    p[0, 0, 5:] = False  # IoU exactly 0.5: no threshold exceeded
    assert m.mean_iou_threshold_precision(t, p) == 0.0
    assert m.mean_iou_threshold_precision(t, t) == 1.0


def test_alaska_weighted_auc_perfect_reversed_and_band_weights():
    y = [0, 0, 1, 1]
    assert m.alaska_weighted_auc(y, [0.1, 0.2, 0.8, 0.9]) == pytest.approx(1.0)
    assert m.alaska_weighted_auc(y, [0.9, 0.8, 0.2, 0.1]) == pytest.approx(0.0)
    # uniform weights turn it into the plain AUC of the same curve (0.75 here)
    assert m.alaska_weighted_auc([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], weights=(1, 1)) == pytest.approx(0.75)


def test_kuzushiji_f1_uses_each_point_once_and_rejects_malformed_strings():
    # two boxes of the same label overlapping, one point inside both: one TP, one FN
    assert m.kuzushiji_f1(["A 0 0 10 10 A 0 0 10 10"], ["A 5 5"]) == pytest.approx(2 / 3)
    assert m.kuzushiji_f1([np.nan], [np.nan]) == 0.0
    with pytest.raises(ValueError):
        m.kuzushiji_f1(["A 0 0 10 10"], ["A 5"])
