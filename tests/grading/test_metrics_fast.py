"""The vectorised metric kernels (issue 18) against simple references written here and against
scikit-learn: exact ROC AUC by pair counting, LRAP equal to scikit-learn's weighted LRAP to the
bit, Kendall tau and micro F1 over item sets equal to per-row loops, the inversion counter equal to
a count over all pairs. Random inputs with ties and the edge cases of each."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from sklearn import metrics as skm

from mlebench.grading import metrics as m
from mlebench.grading._errors import InvalidSubmissionError

RNG_SEED = 20261203


def _error(fn, *args, **kwargs) -> str:
    try:
        fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the test compares whichever error comes
        return f"{type(e).__name__}: {e}"
    return "no error"


# --- ROC AUC -----------------------------------------------------------------------------------


def _auc_by_pairs(labels, scores) -> float:
    """Every (positive, negative) pair: 1 in the right order, 1/2 tied; the exact share, rounded once."""
    labels, scores = np.asarray(labels, dtype=float), np.asarray(scores, dtype=float)
    pos, neg = scores[labels == labels.max()], scores[labels != labels.max()]
    count = sum(Fraction(int(p > q) * 2 + int(p == q), 2) for p in pos for q in neg)
    return float(count / (len(pos) * len(neg)))


def _random_scores(rng: np.random.Generator, n: int, kind: int) -> np.ndarray:
    if kind == 0:
        return rng.random(n)
    if kind == 1:
        return rng.integers(0, 3, n).astype(float)  # many ties
    if kind == 2:
        return np.full(n, 0.25)  # all tied
    return np.round(rng.normal(size=n) * 1e3, 1) * rng.choice([1e-300, 1.0, 1e300])


def _random_labels(rng: np.random.Generator, n: int) -> np.ndarray:
    labels = (rng.random(n) < rng.uniform(0.05, 0.95)).astype(int)
    labels[rng.integers(n)] = 1 - labels.max()  # both classes
    labels[rng.integers(n)] = 1 if labels.min() == 0 and labels.max() == 0 else labels[rng.integers(n)]
    if labels.min() == labels.max():
        labels[0] = 1 - labels[0]
    return labels


def test_auc_is_the_exact_pair_count_and_within_1e12_of_sklearn():
    rng = np.random.default_rng(RNG_SEED)
    for case in range(400):
        n = int(rng.choice([2, 3, 5, 17, 60]))
        t, s = _random_labels(rng, n), _random_scores(rng, n, case % 4)
        ours = m.roc_auc_score(t, s)
        assert ours == _auc_by_pairs(t, s)
        assert abs(ours - skm.roc_auc_score(t, s)) <= 1e-12


def test_auc_large_inputs_within_1e12_of_sklearn():
    rng = np.random.default_rng(RNG_SEED + 1)
    for case in range(8):
        n = int(rng.integers(20_000, 200_000))
        t, s = _random_labels(rng, n), _random_scores(rng, n, case % 4)
        assert abs(m.roc_auc_score(t, s) - skm.roc_auc_score(t, s)) <= 1e-12


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        ([0, 1], [0.2, 0.9], 1.0),
        ([1, 0], [0.2, 0.9], 0.0),
        ([0, 1], [0.5, 0.5], 0.5),
        ([True, False, True], [3, 1, 2], 1.0),  # booleans
        ([-1.0, 1.0, 1.0, -1.0], [0.1, 0.4, 0.35, 0.8], 0.5),  # any two integer classes: the greater is positive
        ([0, 2, 2, 0], [0.1, 0.4, 0.35, 0.8], 0.5),
        ([0.0, 1.0, 0.0, 1.0], [-0.0, 0.0, 0.0, -0.0], 0.5),  # -0.0 ties with 0.0
    ],
)
def test_auc_small_cases(labels, scores, expected):
    assert m.roc_auc_score(labels, scores) == expected == pytest.approx(skm.roc_auc_score(labels, scores), abs=1e-12)


@pytest.mark.parametrize(
    ("labels", "scores"),
    [
        ([0, 1, 2, 1], [0.1, 0.2, 0.3, 0.4]),  # three classes
        ([0.0, 0.5, 0.5, 0.0], [0.1, 0.2, 0.3, 0.4]),  # fractional labels
        ([0, 1, 1], [0.1, 0.2]),  # lengths differ
        ([0, 1e300, 0], [0.1, 0.2, 0.3]),  # beyond exact integers
        (np.array([[0, 1], [1, 0]]), np.array([[0.1, 0.2], [0.3, 0.4]])),  # two columns: sklearn's multilabel AUC
    ],
)
@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
def test_auc_inputs_outside_the_exact_count_go_to_sklearn(labels, scores):
    def outcome(fn):
        try:
            return repr(float(fn(np.asarray(labels, dtype=float), np.asarray(scores, dtype=float))))
        except ValueError as e:
            return f"ValueError: {e}"

    assert outcome(m.roc_auc_score) == outcome(skm.roc_auc_score)


def test_auc_errors_of_our_own_are_kept():
    with pytest.raises(InvalidSubmissionError, match=r"^predictions contain 1 non-finite value\(s\) \(NaN or inf\)$"):
        m.roc_auc_score([0, 1, 0], [0.1, np.nan, 0.3])
    with pytest.raises(InvalidSubmissionError, match=r"^labels contain 1 non-finite"):
        m.roc_auc_score([0, np.nan, 1], [0.1, 0.2, 0.3])
    for labels in ([1, 1, 1], [], [0.0, -0.0]):
        with pytest.raises(ValueError, match="^ROC AUC is undefined when the answers contain only one class$"):
            m.roc_auc_score(labels, [0.5] * len(labels))


def test_mean_column_wise_auc_skips_one_class_columns_and_matches_sklearn():
    rng = np.random.default_rng(RNG_SEED + 2)
    for case in range(60):
        n, k = int(rng.integers(2, 300)), int(rng.integers(1, 7))
        t = (rng.random((n, k)) < rng.uniform(0.05, 0.95, k)).astype(float)
        t[:, rng.integers(k)] = rng.integers(0, 2)  # a one-class column
        s = np.column_stack([_random_scores(rng, n, (case + j) % 4) for j in range(k)])
        columns = [j for j in range(k) if len(np.unique(t[:, j])) > 1]
        if not columns:
            with pytest.raises(ValueError, match="every answer column holds a single class"):
                m.mean_column_wise_roc_auc_score(t, s)
            continue
        reference = np.mean([skm.roc_auc_score(t[:, j], s[:, j]) for j in columns])
        assert abs(m.mean_column_wise_roc_auc_score(t, s) - reference) <= 1e-12


def _jigsaw_reference(t: np.ndarray, s: np.ndarray, power: float = -5.0, weight: float = 0.25) -> float:
    toxic = t[:, 0] == 1

    def auc(mask):
        if len(np.unique(toxic[mask])) < 2:
            raise ValueError("one class")
        return skm.roc_auc_score(toxic[mask], s[mask])

    bias = np.array([[auc(g), auc((g & ~toxic) | (~g & toxic)), auc((g & toxic) | (~g & ~toxic))]
                     for g in (t[:, 1:] == 1).T])
    return weight * auc(np.ones(len(s), dtype=bool)) + weight * (np.mean(bias**power, axis=0) ** (1 / power)).sum()


def test_jigsaw_bias_auc_within_1e12_of_sklearns_aucs():
    rng = np.random.default_rng(RNG_SEED + 3)
    done = 0
    while done < 15:
        n = int(rng.integers(20, 3000))
        t = np.column_stack([rng.random(n) < 0.3, rng.random((n, int(rng.integers(1, 6)))) < 0.2]).astype(float)
        s = _random_scores(rng, n, done % 4)
        try:
            expected = _jigsaw_reference(t, s)
        except ValueError:  # a subgroup with one class: covered below
            continue
        assert abs(m.jigsaw_bias_auc_score(t, s) - expected) <= 1e-12
        thresholded = (s >= 0.5).astype(float)
        assert abs(m.jigsaw_bias_auc_score(t, s, threshold_predictions=0.5) - _jigsaw_reference(t, thresholded)) <= 1e-12
        done += 1


def test_jigsaw_bias_auc_one_class_messages_name_the_auc():
    t = np.array([[1, 1], [1, 1], [0, 0], [0, 0]], dtype=float)  # the subgroup holds toxic rows only
    with pytest.raises(ValueError, match="^subgroup AUC is undefined: the answers hold one class there$"):
        m.jigsaw_bias_auc_score(t, [0.9, 0.8, 0.3, 0.1])
    t = np.array([[0, 1], [0, 0], [0, 1], [0, 0]], dtype=float)  # no toxic row at all
    with pytest.raises(ValueError, match="^subgroup AUC is undefined"):
        m.jigsaw_bias_auc_score(t, [0.9, 0.8, 0.3, 0.1])


# --- label-weighted LRAP --------------------------------------------------------------------------


def _sklearn_lwlrap(t: np.ndarray, p: np.ndarray) -> float:
    weight = (t > 0).sum(axis=1)
    rows = weight > 0
    return float(skm.label_ranking_average_precision_score(t[rows] > 0, p[rows], sample_weight=weight[rows]))


def test_lwlrap_equals_sklearns_weighted_lrap_to_the_bit():
    rng = np.random.default_rng(RNG_SEED + 4)
    for case in range(200):
        n, k = int(rng.integers(1, 80)), int(rng.integers(1, 30))
        t = (rng.random((n, k)) < rng.uniform(0.0, 0.6)).astype(float)
        if case % 5 == 0:
            t[rng.integers(n)] = 1  # a row with every label
        if case % 7 == 0:
            t[: rng.integers(n + 1), : rng.integers(8, 31)] = 1  # rows with 8+ labels: numpy's pairwise mean
        p = [rng.random((n, k)), rng.integers(0, 4, (n, k)).astype(float), np.round(rng.random((n, k)), 1)][case % 3]
        if not t.any():
            with pytest.raises(ValueError, match="no row has a true label"):
                m.label_weighted_lrap(t, p)
            continue
        assert m.label_weighted_lrap(t, p) == _sklearn_lwlrap(t, p)


def test_lwlrap_real_size_shape_equals_sklearn():
    rng = np.random.default_rng(RNG_SEED + 5)
    t = np.zeros((4500, 80))
    t[np.arange(4500), rng.integers(0, 80, 4500)] = 1
    t[rng.random((4500, 80)) < 0.01] = 1
    p = np.round(rng.random((4500, 80)), 3)
    assert m.label_weighted_lrap(t, p) == _sklearn_lwlrap(t, p)
    assert m.label_weighted_lrap(t, t * 0.9 + 0.05) == 1.0


def test_lwlrap_messages_are_kept():
    with pytest.raises(ValueError, match=r"expected two \(n, k\) arrays of one shape"):
        m.label_weighted_lrap(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(InvalidSubmissionError, match="1 non-finite"):
        m.label_weighted_lrap(np.ones((2, 2)), np.array([[0.1, np.nan], [0.2, 0.3]]))


# --- Kendall tau over orders, inversions, micro F1 over item sets ---------------------------------


def _inversions_by_pairs(values) -> int:
    return sum(1 for a, b in combinations(list(values), 2) if a > b)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 200, 1025])
def test_count_inversions_equals_the_count_over_all_pairs(n):
    rng = np.random.default_rng(RNG_SEED + n)
    for perm in (rng.permutation(n), np.arange(n), np.arange(n)[::-1]):
        assert m._count_inversions(perm) == _inversions_by_pairs(perm)


def _kendall_reference(truth, pred) -> float:
    swaps = worst = 0
    for row, (t, p) in enumerate(zip(truth, pred)):
        if sorted(t) != sorted(p) or len(set(p)) != len(p):
            raise ValueError(f"row {row}: the prediction is not a permutation of the true items")
        where = {x: i for i, x in enumerate(t)}
        swaps += _inversions_by_pairs([where[x] for x in p])
        worst += len(t) * (len(t) - 1)
    if worst == 0:
        raise ValueError("no row has two or more items")
    return 1 - 4 * swaps / worst


def _random_orders(rng: np.random.Generator, rows: int) -> tuple[list[list[str]], list[list[str]]]:
    vocab = [f"c{i:02d}" for i in range(40)]
    truth = [list(rng.permutation(vocab)[: rng.integers(0, 12)]) for _ in range(rows)]
    return truth, [list(rng.permutation(t)) for t in truth]


def test_kendall_tau_orders_equals_the_per_row_reference():
    rng = np.random.default_rng(RNG_SEED + 6)
    for case in range(400):
        truth, pred = _random_orders(rng, int(rng.integers(0, 15)))
        if truth and case % 4 == 1:  # one row broken: an unknown item, a repeat, a missing item, a repeated true item
            r = int(rng.integers(len(truth)))
            pred[r] = [*pred[r][:-1], "zz"] if case % 16 == 1 else [*pred[r], *pred[r][:1]] if case % 16 == 5 else pred[r][1:]
        if truth and truth[-1] and case % 4 == 3:
            truth[-1] = [*truth[-1], truth[-1][0]]
            pred[-1] = [*pred[-1], truth[-1][0]]
        assert _error(m.kendall_tau_orders, truth, pred) == _error(_kendall_reference, truth, pred)
        if _error(_kendall_reference, truth, pred) == "no error":
            assert m.kendall_tau_orders(truth, pred) == _kendall_reference(truth, pred)


def test_kendall_tau_orders_first_bad_row_is_named():
    truth = [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]
    pred = [["b", "a"], ["c", "d"], ["e", "x"], ["g"]]
    with pytest.raises(ValueError, match="^row 2: the prediction is not a permutation of the true items$"):
        m.kendall_tau_orders(truth, pred)
    with pytest.raises(ValueError, match="inconsistent numbers of rows"):
        m.kendall_tau_orders(truth, pred[:2])


def _micro_f1_reference(truth, pred, ignore: bool) -> float:
    known = set().union(*map(set, truth))
    tp = fp = fn = 0
    for t, p in zip(truth, pred):
        t, p = set(t), (set(p) & known if ignore else set(p))
        tp, fp, fn = tp + len(t & p), fp + len(p - t), fn + len(t - p)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def test_micro_f1_item_sets_equals_the_per_row_reference():
    rng = np.random.default_rng(RNG_SEED + 7)
    vocab = [f"t{i}" for i in range(15)]
    for _ in range(300):
        rows = int(rng.integers(0, 30))
        truth = [list(rng.choice(vocab[:10], rng.integers(0, 5))) for _ in range(rows)]  # repeats count once
        pred = [list(rng.choice(vocab, rng.integers(0, 6))) for _ in range(rows)]  # t10..t14 never true
        for mode in ("count", "ignore"):
            ours = m.micro_f1_item_sets(truth, pred, unknown_predictions=mode)
            assert ours == _micro_f1_reference(truth, pred, mode == "ignore")


@pytest.mark.parametrize(
    ("truth", "pred"),
    [
        ([[1, 2], [3]], [[1.0, 2, 5], [True, 3]]),  # numbers: 1, 1.0 and True are one item, as in a set
        ([[None, float("nan")], ["a"]], [[None], ["a", None]]),  # None and NaN stay two items
        ([[("x", 1)], [("y", 2)]], [[("x", 1)], [("y", 3)]]),  # tuples
        ([["\ud800", "a"]], [["\ud800"]]),  # text Arrow cannot encode
        (["ab", "c"], [["a"], ["c", "d"]]),  # a string row is its characters, as set("ab")
    ],
)
def test_micro_f1_item_sets_items_that_are_not_text_compare_as_in_a_set(truth, pred):
    for mode in ("count", "ignore"):
        assert m.micro_f1_item_sets(truth, pred, unknown_predictions=mode) == _micro_f1_reference(truth, pred, mode == "ignore")


def test_kendall_tau_orders_items_that_are_not_text():
    truth, pred = [[1, 2, 3], [(1, 2), (3, 4)]], [[3, 1, 2], [(3, 4), (1, 2)]]
    assert m.kendall_tau_orders(truth, pred) == _kendall_reference(truth, pred)
    with pytest.raises(ValueError, match="^row 0: "):
        m.kendall_tau_orders([[1, 2]], [[1, 3]])


def test_mean_levenshtein_error_equals_the_per_pair_distance_on_mixed_cells():
    rng = np.random.default_rng(RNG_SEED + 8)
    for _ in range(30):
        n = int(rng.integers(1, 60))
        truth = ["".join(rng.choice(list("abcde"), rng.integers(0, 12))) for _ in range(n)]
        pred = [t if rng.random() < 0.5 else "".join(rng.choice(list("abcdx"), rng.integers(0, 12))) for t in truth]
        cells = [None, float("nan"), 7, 2.5, np.str_("ab")]  # blanks, numbers, numpy text: not plain str
        pred = [cells[i % len(cells)] if rng.random() < 0.2 else p for i, p in enumerate(pred)]
        as_text = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in pred]
        expected = float(np.mean([m.levenshtein_distance(a, b) for a, b in zip(truth, as_text)]))
        assert m.mean_levenshtein_error(truth, pred) == expected
        assert m.mean_levenshtein_error(np.array(truth, dtype=object), np.array(as_text, dtype=object)) == expected


def test_mean_levenshtein_error_on_long_and_astral_text_equals_the_reference():
    """Beyond one machine word (64+ characters: RapidFuzz's block algorithm), astral and combining characters."""
    rng = np.random.default_rng(RNG_SEED + 9)
    alphabet = list("ab c=/()") + ["é", "e\u0301", "\U0001f600", "\u4e2d", "\x00"]
    truth = ["".join(rng.choice(alphabet, rng.integers(0, 300))) for _ in range(40)]
    pred = ["".join(rng.choice(alphabet, rng.integers(0, 300))) if k % 3 else t[: len(t) // 2] + "x" + t[len(t) // 2:]
            for k, t in enumerate(truth)]
    expected = float(np.mean([m.levenshtein_distance(a, b) for a, b in zip(truth, pred)]))
    assert m.mean_levenshtein_error(truth, pred) == expected


def test_mean_levenshtein_error_of_arrow_text_equals_that_of_str_cells():
    """Arrow text (plain or in chunks, with blanks) scores as the same cells given as str ("" for a blank)."""
    import pyarrow as pa

    rng = np.random.default_rng(RNG_SEED + 10)
    for _ in range(30):
        n = int(rng.integers(0, 80))
        truth = [None if rng.random() < 0.1 else "".join(rng.choice(list("ab é\U0001f600"), rng.integers(0, 30)))
                 for _ in range(n)]
        pred = [t if rng.random() < 0.4 else None if rng.random() < 0.1 else "".join(rng.choice(list("abx"), rng.integers(0, 30)))
                for t in truth]
        half = n // 2
        arrow_t = pa.array(truth, type=pa.large_string())
        arrow_p = pa.chunked_array([pa.array(pred[:half], type=pa.large_string()), pa.array(pred[half:], type=pa.large_string())])
        as_str = [["" if v is None else v for v in x] for x in (truth, pred)]
        assert repr(m.mean_levenshtein_error(arrow_t, arrow_p)) == repr(m.mean_levenshtein_error(*as_str))
    with pytest.raises(ValueError, match="inconsistent"):
        m.mean_levenshtein_error(pa.array(["a"]), pa.array(["a", "b"]))
