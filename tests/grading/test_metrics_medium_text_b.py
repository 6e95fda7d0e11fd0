"""Metrics added for the medium split, text B (osic-pulmonary-fibrosis-progression, ...), against
values computed by hand (the arithmetic is in the comments).

``HAND_COMPUTED_MEDIUM_TEXT_B`` has the shape of ``tests/grading/test_metrics.py``'s
``HAND_COMPUTED`` (metric name -> (args, value)) so that it can be merged into it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlebench.grading import metrics as m

S2 = math.sqrt(2)

HAND_COMPUTED_MEDIUM_TEXT_B = {
    # rows: |err| 0, sigma 50 -> clipped 70: -ln(70 s2); |err| 2000 -> capped 1000, sigma 100:
    # -s2 * 10 - ln(100 s2); |err| 140, sigma 140: -s2 - ln(140 s2)
    "modified-laplace-log-likelihood": (
        ([3000, 1000, 2000], np.array([[3000, 50], [3000, 100], [1860, 140]])),
        (-math.log(70 * S2) - S2 * 10 - math.log(100 * S2) - S2 - math.log(140 * S2)) / 3,
    ),
    # rows {a,b} vs [a,c,c] -> TP 1, FP 1 (c once), FN 1; {d} vs [] -> FN 1; {} vs [x] -> FP 1
    # -> 2*1 / (2*1 + 2 + 2) = 1/3
    "micro-f1-item-sets": (([["a", "b"], ["d"], []], [["a", "c", "c"], [], ["x"]]), 1 / 3),
    # row 1 [a,b,c] predicted [b,a,c]: 1 swap; row 2 [x,y] predicted [y,x]: 1 swap;
    # worst 3*2 + 2*1 = 8 -> 1 - 4 * 2 / 8 = 0
    "kendall-tau-orders": (([["a", "b", "c"], ["x", "y"]], [["b", "a", "c"], ["y", "x"]]), 0.0),
    # row 1 true {0, 2}, scores rank 2 > 0 > 1: label 2 at rank 1 -> 1/1; label 0 at rank 2 -> 2/2;
    # row 2 true {1}, scores rank 0 > 1 > 2: label 1 at rank 2 -> 1/2; row 3 no label: left out
    # -> (1 + 1 + 1/2) / 3 labels
    "label-weighted-lrap": (
        (np.array([[1, 0, 1], [0, 1, 0], [0, 0, 0]]), np.array([[0.5, 0.1, 0.9], [0.8, 0.3, 0.2], [1, 2, 3]])),
        2.5 / 3,
    ),
    # (azimuth, zenith): the pole (zenith 0) vs a point on the equator: pi/2; (0, pi/2) vs (pi, pi/2):
    # opposite points of the equator, pi; an exact hit: 0 -> (pi/2 + pi + 0) / 3
    "mean-angular-error": (
        (np.array([[0.0, 0.0], [0.0, np.pi / 2], [1.0, 1.0]]), np.array([[2.0, np.pi / 2], [np.pi, np.pi / 2], [1.0, 1.0]])),
        (np.pi / 2 + np.pi + 0) / 3,
    ),
    # the competition's examples: L([1 2 4], [3 2]) = 2, L([1], [2]) = 1, L([2 2 2], [2]) = 2
    # -> 5 edits / (3 + 1 + 3) true gestures
    "normalized-sequence-edit-distance": (([[1, 2, 4], [1], [2, 2, 2]], [[3, 2], [2], [2]]), 5 / 7),
}

LOWER_IS_BETTER: set[str] = {"mean-angular-error", "normalized-sequence-edit-distance"}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED_MEDIUM_TEXT_B))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED_MEDIUM_TEXT_B[name]
    assert m.METRICS[name].fn(*args) == pytest.approx(expected, abs=1e-9)
    assert m.METRICS[name].higher_is_better == (name not in LOWER_IS_BETTER)


def test_laplace_takes_the_first_answer_column_and_rejects_bad_shapes():
    two_columns = np.array([[3000, 100], [1000, 100]])
    pred = np.array([[3000, 70], [1000, 70]])
    assert m.modified_laplace_log_likelihood(two_columns, pred) == pytest.approx(-math.log(70 * S2))
    with pytest.raises(ValueError):
        m.modified_laplace_log_likelihood([1, 2], [1, 2])
    with pytest.raises(ValueError):
        m.modified_laplace_log_likelihood([], np.zeros((0, 2)))


def test_micro_f1_item_sets_ignoring_unknown_predictions_as_v1():
    truth = [["a", "b"], ["d"], []]
    pred = [["a", "c", "d"], [], ["x"]]
    # known labels {a, b, d}: c and x dropped; row1 {a, d}: TP 1, FP 1 (d), FN 1; row2 FN 1 -> 2/(2+1+2)
    assert m.micro_f1_item_sets(truth, pred, unknown_predictions="ignore") == pytest.approx(2 / 5)
    # counted: FP 3 -> 2 / (2 + 3 + 2)
    assert m.micro_f1_item_sets(truth, pred) == pytest.approx(2 / 7)
    assert m.micro_f1_item_sets([["a"]], [[]]) == 0.0
    with pytest.raises(ValueError):
        m.micro_f1_item_sets(truth, pred, unknown_predictions="drop")


def test_kendall_tau_orders_pools_swaps_and_rejects_non_permutations():
    # [a,b,c,d] predicted [d,c,b,a]: 6 swaps, worst 12 -> -1; plus [p,q] right: 1 - 4*6/14
    truth = [list("abcd"), ["p", "q"]]
    assert m.kendall_tau_orders(truth, [list("dcba"), ["p", "q"]]) == pytest.approx(1 - 24 / 14)
    assert m.kendall_tau_orders(truth, truth) == 1.0
    for bad in ([list("abca"), ["p", "q"]], [list("abcz"), ["p", "q"]], [list("abc"), ["p", "q"]]):
        with pytest.raises(ValueError):
            m.kendall_tau_orders(truth, bad)
    rng = np.random.default_rng(1)
    r = list(rng.permutation(50))
    assert m._count_inversions(r) == sum(r[i] > r[j] for i in range(50) for j in range(i + 1, 50))


def test_lwlrap_weighs_labels_not_rows():
    # row 1 one label at rank 3: 1/3; row 2 two labels both on top: 1, 1 -> (1/3 + 2) / 3 (plain LRAP: (1/3 + 1) / 2)
    t = np.array([[1, 0, 0], [1, 1, 0]])
    p = np.array([[0.1, 0.5, 0.9], [0.9, 0.8, 0.1]])
    assert m.label_weighted_lrap(t, p) == pytest.approx(7 / 9)
    with pytest.raises(ValueError):
        m.label_weighted_lrap(np.zeros((2, 3)), p)


def test_mean_angular_error_is_the_angle_of_the_unit_vectors():
    rng = np.random.default_rng(2)
    t = np.column_stack([rng.uniform(0, 2 * np.pi, 20), rng.uniform(0, np.pi, 20)])
    p = np.column_stack([rng.uniform(0, 2 * np.pi, 20), rng.uniform(0, np.pi, 20)])

    def unit(a):
        return np.column_stack([np.cos(a[:, 0]) * np.sin(a[:, 1]), np.sin(a[:, 0]) * np.sin(a[:, 1]), np.cos(a[:, 1])])

    angles = np.arccos(np.clip((unit(t) * unit(p)).sum(axis=1), -1, 1))
    assert m.mean_angular_error(t, p) == pytest.approx(angles.mean())
    assert m.mean_angular_error(t, t + [2 * np.pi, 0]) == pytest.approx(0, abs=1e-6)  # azimuth wraps around
    with pytest.raises(ValueError):
        m.mean_angular_error(t[:, 0], p[:, 0])


def test_sequence_edit_distance_counts_tokens_not_characters():
    assert m._sequence_edit_distance([10, 2], [1, 0, 2]) == 2  # "10" is one token
    assert m._sequence_edit_distance([], [1, 2]) == 2
    assert m._sequence_edit_distance(list("kitten"), list("sitting")) == 3
    rng = np.random.default_rng(4)
    for _ in range(20):  # against the textbook recursion
        a, b = list(rng.integers(1, 4, rng.integers(0, 6))), list(rng.integers(1, 4, rng.integers(0, 6)))
        d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
        assert m._sequence_edit_distance(a, b) == d[-1][-1]
    with pytest.raises(ValueError):
        m.normalized_sequence_edit_distance([[]], [[1]])
