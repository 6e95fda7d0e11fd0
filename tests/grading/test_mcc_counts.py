"""The Matthews correlation computed from our own counts equals scikit-learn's, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import matthews_corrcoef

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import _class_id_confusion, matthews_correlation_score


@pytest.mark.parametrize("seed", range(60))
def test_equals_scikit_learn_on_random_labels(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.choice([1, 2, 7, 100, 5000, 200_000]))
    classes = int(rng.choice([1, 2, 3, 10, 1000]))
    t = rng.integers(0, classes, n)
    p = np.where(rng.random(n) < rng.random(), t, rng.integers(0, classes, n))
    if seed % 3 == 1:
        t, p = t.astype(float), p.astype(float)
    elif seed % 3 == 2:
        p = p.astype(float)
    assert _class_id_confusion(t, p) is not None
    assert repr(matthews_correlation_score(t, p)) == repr(float(matthews_corrcoef(t, p)))


@pytest.mark.parametrize("t, p", [
    ([0, 1, 1], [0.5, 1, 0]),  # not a class id
    ([0, 1, 1], [-1, 1, 0]),  # negative
    ([0, 1, 1], [0, 1, 2000]),  # beyond the counted ids
    ([0, 1, 1], [np.nan, 1, 0]),
    ([True, False, True], [True, True, False]),
    (["a", "b", "b"], ["a", "a", "b"]),
])
def test_other_labels_take_scikit_learn_behind_the_label_guard(t, p):
    t, p = np.asarray(t), np.asarray(p)
    assert _class_id_confusion(t, p) is None
    try:
        ours = matthews_correlation_score(t, p)
    except InvalidSubmissionError:
        return  # not labels: the guard's message, as before
    assert repr(ours) == repr(float(matthews_corrcoef(t, p)))


@pytest.mark.parametrize("seed", range(20))
def test_group_codes_of_arrow_text_are_those_of_numpy_unique(seed):
    import pandas as pd

    from mlebench.grading.metrics import _group_codes, mean_group_log_mean_absolute_error

    rng = np.random.default_rng(seed)
    names = ["1JHC", "2JHH", "3JHN", "b", "B", "é", "z z", "", "10", "9"]
    values = rng.choice(names[: int(rng.integers(1, len(names) + 1))], int(rng.integers(1, 3000)))
    arrow, plain = pd.Series(values, dtype="str"), values.astype(object)
    if seed % 2:  # several chunks, as a large CSV gives
        import pyarrow as pa

        half = len(values) // 2
        arrow = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(values[:half]), pa.array(values[half:])])))
    assert _group_codes(arrow).tolist() == np.unique(values.astype(str), return_inverse=True)[1].tolist()
    t, p = rng.random(len(values)), rng.random(len(values))
    assert repr(mean_group_log_mean_absolute_error(t, p, arrow)) == repr(mean_group_log_mean_absolute_error(t, p, plain))


@pytest.mark.parametrize("seed", range(60))
def test_quadratic_kappa_from_counts_equals_scikit_learn(seed):
    import warnings

    from sklearn.metrics import cohen_kappa_score

    from mlebench.grading.metrics import quadratic_weighted_kappa_score

    rng = np.random.default_rng(seed)
    n = int(rng.choice([1, 2, 7, 100, 5000, 100_000]))
    low, classes = int(rng.integers(0, 3)), int(rng.choice([1, 2, 5, 6, 30]))
    t = rng.integers(low, low + classes, n)
    p = np.clip(t + rng.integers(-2, 3, n) * (rng.random(n) < rng.random()), 0, None)
    if seed % 3 == 1:
        t, p = t.astype(float), p.astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one class only: scikit-learn warns and gives NaN, as ours then
        expected = float(cohen_kappa_score(t, p, weights="quadratic"))
        assert repr(quadratic_weighted_kappa_score(t, p)) == repr(expected)
