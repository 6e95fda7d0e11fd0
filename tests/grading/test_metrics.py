"""Every metric in grading/metrics.py against values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlebench.grading import metrics as m
from mlebench.grading import InvalidSubmissionError

E = math.e

# metric name -> (args, hand-computed value). Every registered metric must appear here.
HAND_COMPUTED = {
    # 3 of 4 equal
    "accuracy": (([1, 2, 3, 4], [1, 2, 0, 4]), 0.75),
    # positives 0.35, 0.8; negatives 0.1, 0.4: pairs ranked right: (.35>.1) (.8>.1) (.8>.4) = 3 of 4
    "auc-roc": (([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75),
    # column 1: 0.75 (as above); column 2: perfect 1.0; column 3: one class, skipped -> (0.75 + 1) / 2
    "mean-column-wise-roc-auc": (
        (
            np.array([[0, 0, 1], [0, 0, 1], [1, 1, 1], [1, 1, 1]]),
            np.array([[0.1, 0.1, 0.3], [0.4, 0.2, 0.1], [0.35, 0.7, 0.5], [0.8, 0.9, 0.2]]),
        ),
        0.875,
    ),
    # -(ln 0.8 + ln 0.6) / 2 = (0.2231435513 + 0.5108256238) / 2
    "log-loss": (([1, 0], [0.8, 0.4]), 0.3669845876),
    # rows rescaled: [2,1,1] -> [.5,.25,.25], [1,1,2] -> [.25,.25,.5]; -(ln .5 + ln .25) / 2 = 1.5 ln 2
    "multi-class-log-loss": (
        (np.array([[1, 0, 0], [0, 1, 0]]), np.array([[2.0, 1, 1], [1, 1, 2]])),
        1.0397207708,
    ),
    # tp=1 fp=1 fn=1 -> 2 / (2 + 1 + 1)
    "f1-score": (([1, 1, 0, 0], [1, 0, 1, 0]), 0.5),
    # O = [[1,0,0],[0,0,1],[0,1,1]], w = (i-j)^2: sum wO = 2; row/col sums [1,1,2] -> E = r c^T / 4,
    # sum wE = .25 + 2 + .25 + .5 + 2 + .5 = 5.5 -> 1 - 2/5.5 = 7/11
    "quadratic-weighted-kappa": (([0, 1, 2, 2], [0, 2, 2, 1]), 7 / 11),
    # tp=2 fn=1 tn=1 fp=1 -> (2*1 - 1*1) / sqrt(3*3*2*2) = 1/6
    "matthews-correlation-coefficient": (([1, 1, 1, 0, 0], [1, 1, 0, 0, 1]), 1 / 6),
    # sqrt((1 + 0 + 4) / 3)
    "root-mean-squared-error": (([1, 2, 3], [2, 2, 5]), math.sqrt(5 / 3)),
    # (1 + 0 + 2) / 3
    "mean-absolute-error": (([1, 2, 3], [2, 2, 5]), 1.0),
    # log1p: [0, 1] vs [1, 1] -> sqrt(1/2)
    "root-mean-squared-log-error": (([0, E - 1], [E - 1, E - 1]), math.sqrt(0.5)),
    # column 1 as above sqrt(1/2), column 2 perfect 0 -> sqrt(1/2) / 2
    "mean-column-wise-rmsle": (
        (np.array([[0, 3.0], [E - 1, 5.0]]), np.array([[E - 1, 3.0], [E - 1, 5.0]])),
        math.sqrt(0.5) / 2,
    ),
    # ranks of predictions [1,2,4,3]; d^2 sum = 2 -> 1 - 6*2 / (4*(16-1))
    "spearman": (([1, 2, 3, 4], [10, 20, 40, 30]), 0.8),
    # deviations t [-1,0,1], p [-7/3,-1/3,8/3]: cov 5, var 2 and 38/3 -> 5 / sqrt(76/3)
    "pearson-correlation-coefficient": (([1, 2, 3], [2, 4, 7]), 5 / math.sqrt(76 / 3)),
    # |10|/105, 0 (both zero), 50/25 -> 100 * (0.0952381 + 0 + 2) / 3
    "smape": (([100, 0, 50], [110, 0, 0]), 100 * (10 / 105 + 2) / 3),
    # rows: {a,b} vs [a,x,b]: (1/1 + 2/3)/2; {c} vs [c]: 1; {d} vs [x,y,z,d] k=3: 0 -> mean
    "map-at-k": (([["a", "b"], ["c"], ["d"]], [["a", "x", "b"], ["c"], ["x", "y", "z", "d"]]), (5 / 6 + 1) / 3),
    # |A|=2, |B|=2, |A∩B|=1 -> 2/4
    "dice-coefficient": ((np.array([[1, 1], [0, 0]]), np.array([[1, 0], [1, 0]])), 0.5),
}
KWARGS = {"map-at-k": {"k": 3}}


def _all_hand_computed() -> dict:
    """This file's cases plus every ``HAND_COMPUTED_*`` table of the sibling ``test_metrics_*.py``
    files (metrics added with a group of competitions keep their cases beside them)."""
    import importlib
    from pathlib import Path

    cases = dict(HAND_COMPUTED)
    for path in sorted(Path(__file__).parent.glob("test_metrics_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        for name, value in vars(module).items():
            if name.startswith("HAND_COMPUTED_") and isinstance(value, dict):
                cases.update(value)
    return cases


def test_every_registered_metric_has_a_hand_computed_case():
    missing = set(m.METRICS) - set(_all_hand_computed())
    assert not missing, f"registered metrics without a hand-computed case: {sorted(missing)}"
    unknown = set(_all_hand_computed()) - set(m.METRICS)
    assert not unknown, f"hand-computed cases of unregistered metrics: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED))
def test_metric_matches_hand_computed_value(name):
    args, expected = HAND_COMPUTED[name]
    got = m.get_metric(name).fn(*args, **KWARGS.get(name, {}))
    assert isinstance(got, float)
    assert got == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("name", sorted(m.METRICS))
def test_direction_follows_the_name(name):
    metric = m.METRICS[name]
    fn = metric.fn.__name__
    if fn.endswith(("_error", "_loss", "_distance")):  # a distance is lower-is-better too
        assert not metric.higher_is_better
    else:
        assert metric.higher_is_better, fn


def test_unknown_metric_suggests_close_names():
    with pytest.raises(KeyError, match="did you mean.*auc-roc"):
        m.get_metric("auc-rco")


# --- classification edge cases ---------------------------------------------------------------


def test_accuracy_compares_strings_and_empty_is_zero():
    assert m.accuracy_score(["cat", "dog"], ["cat", "cow"]) == 0.5
    assert m.accuracy_score([], []) == 0.0


def test_roc_auc_ties_count_half_and_one_class_is_undefined():
    assert m.roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    # raw scores need not be probabilities: only the order counts
    assert m.roc_auc_score([0, 0, 1, 1], [-10, 40, 35, 800]) == 0.75
    with pytest.raises(ValueError, match="one class"):
        m.roc_auc_score([1, 1, 1], [0.2, 0.3, 0.4])


def test_non_finite_predictions_are_invalid_with_a_count():
    with pytest.raises(InvalidSubmissionError, match="1 non-finite"):
        m.roc_auc_score([0, 1], [0.1, np.nan])
    with pytest.raises(InvalidSubmissionError, match="2 non-finite"):
        m.root_mean_squared_error([0, 1, 2], [np.inf, -np.inf, 1])
    with pytest.raises(InvalidSubmissionError, match="numeric"):
        m.mean_absolute_error([1, 2], ["a", "b"])


def test_mean_column_wise_auc_all_single_class_columns_is_undefined():
    with pytest.raises(ValueError, match="single class"):
        m.mean_column_wise_roc_auc_score(np.ones((3, 2)), np.zeros((3, 2)))


def test_log_loss_clips_to_eps():
    # p=1 for the true class -> -ln(1 - 1e-15) ~ 1e-15; p=0 for the true class -> -ln(1e-15) = 34.538776
    assert m.log_loss([1, 0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-12)
    assert m.log_loss([1], [0.0]) == pytest.approx(-math.log(1e-15))
    assert m.log_loss([1], [0.0], eps=1e-3) == pytest.approx(-math.log(1e-3))


def test_log_loss_rejects_probabilities_outside_unit_interval():
    with pytest.raises(InvalidSubmissionError, match=r"\[0, 1\]"):
        m.log_loss([1, 0], [1.2, 0.1])
    with pytest.raises(InvalidSubmissionError, match=r"\[0, 1\]"):
        m.log_loss([1, 0], [0.5, -0.1])


def test_multiclass_log_loss_rescales_rows_before_clipping():
    t = np.array([[0, 1], [1, 0]])
    # [3, 1] and [1, 3] rescale to [.75, .25] and [.25, .75]: the true class has 0.25 both times
    assert m.multiclass_log_loss(t, np.array([[3.0, 1], [1, 3]])) == pytest.approx(-math.log(0.25))
    # scaling a row changes nothing
    a = m.multiclass_log_loss(t, np.array([[0.2, 0.8], [0.6, 0.4]]))
    b = m.multiclass_log_loss(t, np.array([[2.0, 8.0], [0.06, 0.04]]))
    assert a == pytest.approx(b)
    # zero probability on the true class is clipped to 1e-15: rows contribute 0 and -ln(1e-15)
    got = m.multiclass_log_loss(np.array([[1, 0, 0], [0, 1, 0]]), np.array([[1.0, 0, 0], [1.0, 0, 0]]))
    assert got == pytest.approx(-math.log(1e-15) / 2)


def test_multiclass_log_loss_invalid_rows():
    t = np.array([[1, 0], [0, 1]])
    with pytest.raises(InvalidSubmissionError, match="non-negative"):
        m.multiclass_log_loss(t, np.array([[1.0, -0.1], [0.5, 0.5]]))
    with pytest.raises(InvalidSubmissionError, match="1 row"):
        m.multiclass_log_loss(t, np.array([[0.0, 0.0], [0.5, 0.5]]))


def test_f1_macro_and_micro():
    t, p = [0, 1, 2, 0], [0, 2, 1, 0]
    # class 0: f1 = 1; classes 1 and 2: no true positives -> 0; macro = 1/3; micro = accuracy = 2/4
    assert m.f1_score(t, p, average="macro") == pytest.approx(1 / 3)
    assert m.f1_score(t, p, average="micro") == pytest.approx(0.5)
    # nothing predicted positive: 0, not a warning-and-nan
    assert m.f1_score([1, 0], [0, 0]) == 0.0


def test_qwk_perfect_and_reversed():
    assert m.quadratic_weighted_kappa_score([0, 1, 2], [0, 1, 2]) == 1.0
    # O = anti-diagonal: sum wO = 4+0+4 = 8, E = 1/3 everywhere: sum wE = (1+4+1+1+4+1)/3 = 4 -> 1 - 8/4
    assert m.quadratic_weighted_kappa_score([0, 1, 2], [2, 1, 0]) == pytest.approx(-1.0)


# --- regression ------------------------------------------------------------------------------


def test_rmsle_rejects_predictions_at_or_below_minus_one():
    with pytest.raises(InvalidSubmissionError, match="> -1"):
        m.root_mean_squared_log_error([1, 2], [1, -1])
    # -0.5 is allowed: log1p(-0.5) = -ln 2; against 0: sqrt((ln 2)^2 / 1)
    assert m.root_mean_squared_log_error([0], [-0.5]) == pytest.approx(math.log(2))


def test_smape_all_zero_pairs_is_zero_and_max_is_200():
    assert m.symmetric_mean_absolute_percentage_error([0, 0], [0, 0]) == 0.0
    # opposite signs: |1-(-1)| / ((1+1)/2) = 2 -> 200%
    assert m.symmetric_mean_absolute_percentage_error([1], [-1]) == pytest.approx(200.0)


def test_correlations_of_perfect_and_reversed_orders():
    assert m.spearman_score([1, 2, 3], [1, 4, 9]) == pytest.approx(1.0)
    assert m.pearson_score([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


# --- ranking ---------------------------------------------------------------------------------


def test_average_precision_at_k():
    # hits at ranks 1 and 3: (1/1 + 2/3) / min(2, 3)
    assert m.average_precision_at_k({"a", "b"}, ["a", "x", "b"], k=3) == pytest.approx(5 / 6)
    # a repeated prediction counts once: a at 1 (1/1), a again ignored, b at 3 (2/3)
    assert m.average_precision_at_k({"a", "b"}, ["a", "a", "b"], k=3) == pytest.approx(5 / 6)
    # truncated at k: the hit at rank 2 is beyond k=1
    assert m.average_precision_at_k({"a"}, ["x", "a"], k=1) == 0.0
    # more relevant items than k: divided by k. hits at 1 and 2 of k=2 -> (1 + 1) / 2
    assert m.average_precision_at_k({"a", "b", "c"}, ["a", "b"], k=2) == 1.0
    # nothing relevant -> 0 (Kaggle's convention)
    assert m.average_precision_at_k(set(), ["a"], k=3) == 0.0


def test_map_at_k_order_of_predictions_matters_and_lengths_must_agree():
    # {a} predicted at rank 2 -> 1/2; at rank 1 -> 1
    assert m.mean_average_precision_at_k([["a"], ["a"]], [["x", "a"], ["a", "x"]], k=5) == pytest.approx(0.75)
    with pytest.raises(ValueError, match=r"\[2, 1\]"):
        m.mean_average_precision_at_k([["a"], ["b"]], [["a"]], k=5)


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,d",
    [("kitten", "sitting", 3), ("flaw", "lawn", 2), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0)],
)
def test_levenshtein(a, b, d):
    assert m.levenshtein_distance(a, b) == d


def test_word_jaccard():
    # {the, cat, sat} & {the, cat, ran} = 2 words of 4 distinct
    assert m.word_jaccard_score("The cat sat", "the cat ran") == 0.5
    assert m.word_jaccard_score("", "") == 1.0
    assert m.word_jaccard_score("a", "") == 0.0


# --- segmentation ----------------------------------------------------------------------------

MASK = np.array(
    [
        [1, 0, 0],
        [1, 0, 1],
        [0, 0, 1],
    ],
    dtype=bool,
)


def test_rle_is_column_major_like_kaggle():
    # column by column: [1,1,0] [0,0,0] [0,1,1] -> runs start 1 (len 2) and start 8 (len 2)
    assert m.rle_encode(MASK) == "1 2 8 2"
    # row by row it would be [1,0,0] [1,0,1] [0,0,1] -> 1 1 4 1 6 1 9 1
    assert m.rle_encode(MASK, order="C") == "1 1 4 1 6 1 9 1"
    assert np.array_equal(m.rle_decode("1 2 8 2", (3, 3)), MASK)
    assert np.array_equal(m.rle_decode("1 1 4 1 6 1 9 1", (3, 3), order="C"), MASK)


def test_rle_round_trip_on_random_masks():
    rng = np.random.default_rng(0)
    for shape in [(1, 1), (4, 7), (16, 9)]:
        for density in (0.0, 0.3, 1.0):
            mask = rng.random(shape) < density
            for order in ("F", "C"):
                assert np.array_equal(m.rle_decode(m.rle_encode(mask, order=order), shape, order=order), mask)


def test_rle_empty_and_full_masks():
    assert m.rle_encode(np.zeros((2, 2), bool)) == ""
    assert m.rle_encode(np.ones((2, 3), bool)) == "1 6"
    assert not m.rle_decode("", (2, 2)).any()
    assert not m.rle_decode(float("nan"), (2, 2)).any()
    assert not m.rle_decode(None, (2, 2)).any()


@pytest.mark.parametrize(
    "rle,match",
    [("1 2 3", "even"), ("a b", "integers"), ("9 2", "outside"), ("0 1", "outside"), ("1 -1", "outside")],
)
def test_rle_malformed_is_invalid(rle, match):
    with pytest.raises(InvalidSubmissionError, match=match):
        m.rle_decode(rle, (3, 3))


def test_dice_edge_cases():
    empty = np.zeros((2, 2), bool)
    full = np.ones((2, 2), bool)
    assert m.dice_coefficient(empty, empty) == 1.0  # both empty: perfect, by convention
    assert m.dice_coefficient(empty, full) == 0.0
    assert m.dice_coefficient(full, empty) == 0.0
    assert m.dice_coefficient(full, full) == 1.0
    # |A| = 4, |B| = 1, overlap 1 -> 2/5
    one = np.array([[1, 0], [0, 0]], bool)
    assert m.dice_coefficient(full, one) == pytest.approx(0.4)
