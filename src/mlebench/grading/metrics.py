"""The metrics library: named, tested metric functions that competition graders compose.

Every function takes ``(y_true, y_pred, *, ...)`` with options keyword-only, like scikit-learn.
Names say the direction: ``*_score`` is higher-is-better, ``*_error``/``*_loss`` lower-is-better.
Inputs are assumed already aligned and validated (see ``grading.submission``); the functions
raise ``InvalidSubmissionError`` only for prediction values outside the metric's domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
import operator

import numpy as np

from mlebench.grading._errors import InvalidSubmissionError

ArrayLike = Sequence | np.ndarray


def _skm():
    """scikit-learn's metrics, imported on first use: importing sklearn costs seconds, and the
    registry (hence every CLI start) imports this module only for the metric names."""
    from sklearn import metrics

    return metrics


def _as_float(y: ArrayLike, what: str = "predictions") -> np.ndarray:
    try:
        arr = np.asarray(y, dtype=float)
    except (TypeError, ValueError) as e:
        raise InvalidSubmissionError(f"{what} must be numeric: {e}") from None
    if not np.all(np.isfinite(arr)):
        bad = int((~np.isfinite(arr)).sum())
        raise InvalidSubmissionError(f"{what} contain {bad} non-finite value(s) (NaN or inf)")
    return arr


def _check_probabilities(p: np.ndarray) -> None:
    if p.size and (p.min() < 0 or p.max() > 1):
        raise InvalidSubmissionError(
            f"probabilities must lie in [0, 1]; found values in [{p.min():.4g}, {p.max():.4g}]"
        )


# --- classification -----------------------------------------------------------------------


def accuracy_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Share of exact matches (values compared as they are, e.g. strings or ints)."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean(t == p)) if len(t) else 0.0


def _auc_of_sorted(positives: np.ndarray, negatives: np.ndarray) -> float:
    """Exact ROC AUC from the positives' and the negatives' scores, each sorted ascending: the share
    of (positive, negative) pairs in the right order, a tie counting half (Mann-Whitney U / PN).
    Twice the count is an integer, so one division gives the correctly rounded area; scikit-learn's
    trapezoids sum the same area in floating point (a difference in the last bits only)."""
    below = int(np.searchsorted(negatives, positives, "left").sum(dtype=np.int64))
    not_above = int(np.searchsorted(negatives, positives, "right").sum(dtype=np.int64))
    return (below + not_above) / (2 * len(positives) * len(negatives))


def _two_values(a: np.ndarray) -> bool:
    """Whether the array holds at least two distinct values (as ``len(np.unique(a)) > 1``, without a sort)."""
    return a.size > 0 and bool(a.min() != a.max())


def _binary_auc(t: np.ndarray, s: np.ndarray) -> float:
    """ROC AUC of finite scores against finite labels holding two classes (the greater one positive).
    Counted exactly (``_auc_of_sorted``) for two integer classes; any other input (more classes,
    fractional labels, shapes that differ) goes to scikit-learn, which raises its own error."""
    if t.ndim == 1 and s.shape == t.shape and t.size:
        lo, hi = t.min(), t.max()
        positive = t == hi
        if (lo != hi and float(lo).is_integer() and float(hi).is_integer() and max(-lo, hi) < _EXACT_INTEGERS
                and np.count_nonzero(positive) + np.count_nonzero(t == lo) == t.size):
            return _auc_of_sorted(np.sort(s[positive]), np.sort(s[~positive]))
    return float(_skm().roc_auc_score(t, s))


def roc_auc_score(y_true: ArrayLike, y_score: ArrayLike) -> float:
    """Binary ROC AUC of scores (any real numbers) against 0/1 labels."""
    t = _as_float(y_true, "labels")
    s = _as_float(y_score)
    if not _two_values(t):
        raise ValueError("ROC AUC is undefined when the answers contain only one class")
    return _binary_auc(t, s)


def mean_column_wise_roc_auc_score(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Mean of per-column binary ROC AUC (columns whose answers hold one class are skipped)."""
    t = _as_float(y_true, "labels").reshape(len(y_true), -1)
    s = _as_float(y_score).reshape(len(y_score), -1)
    aucs = [_binary_auc(t[:, j], s[:, j]) for j in range(t.shape[1]) if _two_values(t[:, j])]
    if not aucs:
        raise ValueError("every answer column holds a single class; ROC AUC is undefined")
    return float(np.mean(aucs))


def log_loss(y_true: ArrayLike, y_prob: ArrayLike, *, eps: float = 1e-15) -> float:
    """Binary log loss of P(y=1) against 0/1 labels, probabilities clipped to [eps, 1-eps]."""
    t = _as_float(y_true, "labels")
    p = _as_float(y_prob)
    _check_probabilities(p)
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def multiclass_log_loss(y_true_onehot: np.ndarray, y_prob: np.ndarray, *, eps: float = 1e-15) -> float:
    """Kaggle's multi-class log loss: rows rescaled to sum to 1, then clipped to [eps, 1-eps].

    ``y_true_onehot`` is an (n, k) 0/1 matrix, ``y_prob`` an (n, k) matrix of non-negative scores.
    """
    t = _as_float(y_true_onehot, "labels")
    p = _as_float(y_prob)
    if p.size and p.min() < 0:
        raise InvalidSubmissionError(f"probabilities must be non-negative; found {p.min():.4g}")
    sums = p.sum(axis=1, keepdims=True)
    if np.any(sums == 0):
        raise InvalidSubmissionError(f"{int((sums == 0).sum())} row(s) have all-zero probabilities")
    p = np.clip(p / sums, eps, 1 - eps)
    return float(-np.mean(np.sum(t * np.log(p), axis=1)))


_EXACT_INTEGERS = 2.0**53  # floats at or beyond this cannot tell neighbouring integers apart


def _label_kind(v) -> str:
    """'bool', 'number' (an integer-valued real: a class id), 'text', or 'other' for one label."""
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, np.integer)):
        return "number"
    if isinstance(v, (float, np.floating)):
        return "number" if np.isfinite(v) and float(v).is_integer() and abs(v) < _EXACT_INTEGERS else "other"
    return "text" if isinstance(v, str) else "other"


def _non_labels(kind: str, p: np.ndarray) -> np.ndarray:
    """Mask of the predictions that are not labels of ``kind`` (vectorised for number arrays)."""
    if p.dtype.kind in "iu":
        return np.full(p.shape, kind != "number")
    if p.dtype.kind == "f":
        if kind != "number":
            return np.ones(p.shape, dtype=bool)
        with np.errstate(invalid="ignore"):
            return ~(np.isfinite(p) & (p == np.floor(p)) & (np.abs(p) < _EXACT_INTEGERS))
    if p.dtype.kind == "b":
        return np.full(p.shape, kind != "bool")
    if p.dtype.kind in "US":
        return np.full(p.shape, kind != "text")
    return np.fromiter((_label_kind(v) != kind for v in p.ravel().tolist()), dtype=bool, count=p.size).reshape(p.shape)


def _shown(values) -> str:
    """Values for a one-line reason: text quoted (newlines escaped), whole floats as integers, each cut at 40."""
    def one(v) -> str:
        if isinstance(v, str):
            return repr(v)[:40]
        return str(int(v) if _label_kind(v) == "number" else v)[:40]

    return ", ".join(one(v) for v in values)


def _check_class_labels(y_true: np.ndarray, y_pred: np.ndarray, *, binary_pos_label=None) -> None:
    """Predictions must be class labels of the answers' kind: for integer class ids a finite integer
    (not 3.5, -0.5, 1e308, NaN, true, '3'), for text labels a string, for booleans a boolean. A label
    the answers do not hold is only a wrong guess, except for binary F1 (``binary_pos_label``), whose
    predictions must be one of the two classes. Raises InvalidSubmissionError naming the bad values."""
    kinds = {_label_kind(v) for v in dict.fromkeys(y_true.ravel().tolist())}
    if len(kinds) != 1 or "other" in kinds:
        return  # answers that are not one kind of label: a grader's problem, left to scikit-learn
    kind = kinds.pop()
    bad = _non_labels(kind, y_pred)
    rule = "class labels like the answers' (" + {"number": "integer class ids", "text": "text", "bool": "booleans"}[kind] + ")"
    if not bad.any() and binary_pos_label is not None:
        classes = set(y_true.ravel().tolist()) | {binary_pos_label}
        if len(classes) <= 2:
            bad = ~np.isin(y_pred, list(classes))
            rule = " or ".join(_shown([c]) for c in sorted(classes, key=str)) + " (binary F1)"
    if bad.any():
        found = list(dict.fromkeys(y_pred[bad].ravel().tolist()))
        raise InvalidSubmissionError(
            f"predictions must be {rule}; {int(bad.sum())} row(s) hold other values: {_shown(found[:5])}"
        )


def _labels_metric(name: str, y_true: ArrayLike, y_pred: ArrayLike, *, binary_pos_label=None, **options) -> float:
    """A scikit-learn classification metric behind the one label guard (``_check_class_labels``):
    predictions that are not labels (-0.5, 1e308, true) are an invalid submission, not a crash."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    _check_class_labels(t, p, binary_pos_label=binary_pos_label)
    try:
        return float(getattr(_skm(), name)(t, p, **options))
    except ValueError as e:  # a label-type mix the guard did not foresee: still the submission's
        if "mix of" not in str(e).lower() and "unknown label type" not in str(e).lower():
            raise
        found = [v for v in dict.fromkeys(p.ravel().tolist()) if v not in set(t.ravel().tolist())][:5]
        raise InvalidSubmissionError(f"predictions must be class labels like the answers'; found {_shown(found)}") from None


def f1_score(y_true: ArrayLike, y_pred: ArrayLike, *, average: str = "binary", pos_label=1) -> float:
    """F1 score (binary, micro, macro or weighted) via scikit-learn."""
    return _labels_metric("f1_score", y_true, y_pred, average=average, pos_label=pos_label, zero_division=0,
                          binary_pos_label=pos_label if average == "binary" else None)


def quadratic_weighted_kappa_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Cohen's kappa with quadratic weights on integer ratings (scikit-learn's). Ratings that are small
    non-negative class ids are counted here (``_class_id_confusion``) and kappa computed from the counts by
    the same floating-point operations as scikit-learn's ``cohen_kappa_score``; other labels, and the
    undefined cases (its warning and NaN), go to it."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    counts = _class_id_confusion(t, p)
    if counts is not None:
        confusion = counts.astype(np.float64)
        sum0, sum1 = confusion.sum(axis=0), confusion.sum(axis=1)
        total = sum0.sum()
        if total != 0:
            expected = np.outer(sum0, sum1) / total
            w_mat = np.zeros(confusion.shape, dtype=np.float64)
            w_mat += np.arange(len(confusion))
            w_mat = (w_mat - w_mat.T) ** 2
            numerator, denominator = np.sum(w_mat * confusion), np.sum(w_mat * expected)
            if denominator != 0:
                return float(1 - numerator / denominator)
    return _labels_metric("cohen_kappa_score", t, p, weights="quadratic")


def matthews_correlation_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Matthews correlation coefficient, binary or multi-class (scikit-learn's). Labels that are small
    non-negative class ids (0/1 flags, as numbers) are counted here, without scikit-learn's checks and label
    encoding (most of its time on large inputs), and the coefficient computed from the counts by the same
    floating-point operations as scikit-learn's ``matthews_corrcoef``; any other labels go to it."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    counts = _class_id_confusion(t, p)
    if counts is None:
        return _labels_metric("matthews_corrcoef", t, p)
    t_sum = counts.sum(axis=1, dtype=np.float64)
    p_sum = counts.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(counts, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    cov_ypyp_ytyt = cov_ypyp * cov_ytyt
    return 0.0 if cov_ypyp_ytyt == 0 else float(cov_ytyp / np.sqrt(cov_ypyp_ytyt))


_CLASS_IDS = 1024


def _class_id_confusion(t: np.ndarray, p: np.ndarray) -> np.ndarray | None:
    """The confusion matrix (int64 counts; rows true, columns predicted) over the labels present in either,
    in increasing order, as scikit-learn's ``confusion_matrix`` gives it, where both are 1-d integer or float
    arrays of the same length holding only whole numbers in [0, 1024) (such predictions are always valid
    labels); None otherwise."""
    if t.ndim != 1 or p.shape != t.shape or not len(t) or t.dtype.kind not in "iuf" or p.dtype.kind not in "iuf":
        return None
    ids = []
    for v in (t, p):
        if v.dtype.kind == "f":
            with np.errstate(invalid="ignore"):
                if not ((v >= 0) & (v < _CLASS_IDS) & (v == np.floor(v))).all():  # NaN fails every comparison
                    return None
        elif v.min() < 0 or v.max() >= _CLASS_IDS:
            return None
        ids.append(v.astype(np.intp))
    present = np.zeros(_CLASS_IDS, dtype=bool)
    present[ids[0]] = present[ids[1]] = True
    code = np.cumsum(present) - 1
    k = int(present.sum())
    return np.bincount(code[ids[0]] * k + code[ids[1]], minlength=k * k).reshape(k, k)


# --- regression ------------------------------------------------------------------------------


def root_mean_squared_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    return float(np.sqrt(np.mean((t - p) ** 2)))


def mean_absolute_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    return float(np.mean(np.abs(t - p)))


def root_mean_squared_log_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """RMSLE: RMSE of log1p values; predictions must be > -1."""
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    if p.size and p.min() <= -1:
        raise InvalidSubmissionError(f"RMSLE needs predictions > -1; found {p.min():.4g}")
    return float(np.sqrt(np.mean((np.log1p(t) - np.log1p(p)) ** 2)))


def mean_column_wise_root_mean_squared_log_error(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean over columns of the per-column RMSLE."""
    t = _as_float(y_true, "answers").reshape(len(y_true), -1)
    p = _as_float(y_pred).reshape(len(y_pred), -1)
    return float(np.mean([root_mean_squared_log_error(t[:, j], p[:, j]) for j in range(t.shape[1])]))


mean_column_wise_rmsle = mean_column_wise_root_mean_squared_log_error  # short name, kept for graders using it


def spearman_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(_as_float(y_true, "answers"), _as_float(y_pred)).statistic)


def pearson_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    return float(np.corrcoef(_as_float(y_true, "answers"), _as_float(y_pred))[0, 1])


def symmetric_mean_absolute_percentage_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """SMAPE in percent (0..200); a pair of zeros counts as zero error, as on Kaggle."""
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    denom = (np.abs(t) + np.abs(p)) / 2
    ratio = np.divide(np.abs(t - p), denom, out=np.zeros_like(denom), where=denom != 0)
    return float(100 * np.mean(ratio))


# --- ranking ---------------------------------------------------------------------------------


def average_precision_at_k(actual: Sequence, predicted: Sequence, *, k: int) -> float:
    """AP@k of one ranked prediction list against a set of relevant items (Kaggle's definition)."""
    if not actual:
        return 0.0
    seen: set = set()
    hits, score = 0, 0.0
    for i, item in enumerate(list(predicted)[:k]):
        if item in actual and item not in seen:
            hits += 1
            score += hits / (i + 1)
        seen.add(item)
    return score / min(len(actual), k)


def mean_average_precision_at_k(actual: Sequence[Sequence], predicted: Sequence[Sequence], *, k: int) -> float:
    """MAP@k: the mean of AP@k over rows (each row a list of relevant items and a ranked list)."""
    if len(actual) != len(predicted):
        raise ValueError(f"inconsistent numbers of rows: [{len(actual)}, {len(predicted)}]")
    return float(np.mean([average_precision_at_k(set(a), p, k=k) for a, p in zip(actual, predicted)]))


# --- text ------------------------------------------------------------------------------------


def levenshtein_distance(a: str, b: str) -> int:
    """Edit distance between two strings (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def word_jaccard_score(a: str, b: str) -> float:
    """Jaccard similarity of the lower-cased word sets of two strings."""
    x, y = set(str(a).lower().split()), set(str(b).lower().split())
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


# --- segmentation ----------------------------------------------------------------------------


def rle_decode(rle: str, shape: tuple[int, int], *, order: str = "F") -> np.ndarray:
    """Decode a run-length string of 1-indexed ``start length`` pairs into a boolean mask.

    Kaggle's masks are numbered top-to-bottom then left-to-right (column-major, ``order="F"``).
    An empty string or NaN is an empty mask. Malformed strings raise ``InvalidSubmissionError``.
    """
    h, w = shape
    mask = np.zeros(h * w, dtype=bool)
    if rle is None or (isinstance(rle, float) and np.isnan(rle)) or str(rle).strip() == "":
        return mask.reshape((h, w), order=order)
    try:
        nums = np.asarray(str(rle).split(), dtype=np.int64)
    except (ValueError, OverflowError):  # not integers, or beyond int64 (1e308, 30 digits)
        raise InvalidSubmissionError(f"run-length encoding must be integers within the image, got '{str(rle)[:40]}'") from None
    if len(nums) % 2:
        raise InvalidSubmissionError("run-length encoding must hold an even count of numbers (start length pairs)")
    starts, lengths = nums[0::2] - 1, nums[1::2]
    if np.any(starts < 0) or np.any(lengths < 0) or np.any(lengths > h * w - starts):  # no int64 overflow
        raise InvalidSubmissionError(f"run-length encoding has a run outside the {h}x{w} image")
    for s, n in zip(starts, lengths):
        mask[s : s + n] = True
    return mask.reshape((h, w), order=order)


def rle_encode(mask: np.ndarray, *, order: str = "F") -> str:
    """Encode a boolean mask as 1-indexed ``start length`` pairs (inverse of ``rle_decode``)."""
    flat = np.concatenate([[0], np.asarray(mask, dtype=np.uint8).flatten(order=order), [0]])
    runs = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    runs[1::2] -= runs[::2]
    return " ".join(str(x) for x in runs)


def dice_coefficient(true_mask: np.ndarray, pred_mask: np.ndarray) -> float:
    """Dice = 2|A∩B| / (|A|+|B|); two empty masks score 1."""
    a, b = np.asarray(true_mask, dtype=bool), np.asarray(pred_mask, dtype=bool)
    total = a.sum() + b.sum()
    return 1.0 if total == 0 else float(2 * np.logical_and(a, b).sum() / total)


# --- registry of named metrics ---------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    name: str
    fn: Callable[..., float]
    higher_is_better: bool


METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("accuracy", accuracy_score, True),
        Metric("auc-roc", roc_auc_score, True),
        Metric("mean-column-wise-roc-auc", mean_column_wise_roc_auc_score, True),
        Metric("log-loss", log_loss, False),
        Metric("multi-class-log-loss", multiclass_log_loss, False),
        Metric("f1-score", f1_score, True),
        Metric("quadratic-weighted-kappa", quadratic_weighted_kappa_score, True),
        Metric("matthews-correlation-coefficient", matthews_correlation_score, True),
        Metric("root-mean-squared-error", root_mean_squared_error, False),
        Metric("mean-absolute-error", mean_absolute_error, False),
        Metric("root-mean-squared-log-error", root_mean_squared_log_error, False),
        Metric("mean-column-wise-rmsle", mean_column_wise_root_mean_squared_log_error, False),
        Metric("spearman", spearman_score, True),
        Metric("pearson-correlation-coefficient", pearson_score, True),
        Metric("smape", symmetric_mean_absolute_percentage_error, False),
        Metric("map-at-k", mean_average_precision_at_k, True),
        Metric("dice-coefficient", dice_coefficient, True),
    ]
}


def get_metric(name: str) -> Metric:
    try:
        return METRICS[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, METRICS, n=3)
        raise KeyError(f"unknown metric '{name}'" + (f"; did you mean {', '.join(close)}?" if close else "")) from None


# --- medium split, text A (us-patent, google-quest, tweet-sentiment, jigsaw-unintended-bias,
# billion-word-imputation, champs-scalar-coupling): one block, appended -----------------------


def _pearson_columns_or_zero(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Per-column Pearson r of (n, k) arrays; 0 for a column whose predictions are constant."""
    td, pd_ = t - t.mean(axis=0), p - p.mean(axis=0)
    t_norm, p_norm = np.sqrt((td**2).sum(axis=0)), np.sqrt((pd_**2).sum(axis=0))
    if np.any(t_norm == 0):
        raise ValueError("a correlation is undefined when an answer column is constant")
    denom = t_norm * p_norm
    r = np.divide((td * pd_).sum(axis=0), denom, out=np.zeros_like(denom), where=denom != 0)
    return np.clip(r, -1.0, 1.0)


def pearson_or_zero_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Pearson r; constant predictions (r undefined, NaN in scipy) score 0, no linear relation."""
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    return float(_pearson_columns_or_zero(t.reshape(len(t), -1), p.reshape(len(p), -1))[0])


def mean_column_wise_spearman_score(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean over columns of Spearman's rho (Pearson r of average ranks); a constant prediction
    column counts 0 (its rho is undefined: NaN in scipy)."""
    from scipy.stats import rankdata

    t = _as_float(y_true, "answers").reshape(len(y_true), -1)
    p = _as_float(y_pred).reshape(len(y_pred), -1)
    rt, rp = rankdata(t, axis=0), rankdata(p, axis=0)
    return float(np.mean(_pearson_columns_or_zero(rt, rp)))


def _words(text) -> set[str]:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return set()  # a blank cell is an empty selection
    return set(str(text).lower().split())


def mean_word_jaccard_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean over rows of the Jaccard index of lower-cased, whitespace-split word sets (Kaggle's
    tweet-sentiment-extraction metric). A blank/NaN cell is no words; two empty sets score 1."""
    t, p = list(y_true), list(y_pred)
    if len(t) != len(p):
        raise ValueError(f"inconsistent numbers of rows: [{len(t)}, {len(p)}]")
    scores = []
    for a, b in zip(t, p):
        x, y = _words(a), _words(b)
        union = len(x | y)
        scores.append(1.0 if union == 0 else len(x & y) / union)
    return float(np.mean(scores)) if scores else 0.0


def jigsaw_bias_auc_score(
    y_true: np.ndarray, y_pred: ArrayLike, *, power: float = -5.0, weight: float = 0.25,
    threshold_predictions: float | None = None,
) -> float:
    """Jigsaw's unintended-bias metric. ``y_true`` is (n, 1 + k): column 0 the 0/1 toxicity label,
    columns 1..k 0/1 membership of k identity subgroups; ``y_pred`` the n toxicity scores.

    score = weight * AUC(all) + weight * sum over b in (subgroup, BPSN, BNSP) of M_power(AUC_b),
    where per subgroup s: subgroup AUC on rows in s; BPSN on non-toxic rows in s and toxic rows
    outside s; BNSP on toxic rows in s and non-toxic rows outside s; M_p the power mean over the k
    subgroups. ``threshold_predictions=t`` first turns predictions into 0/1 (pred >= t), as v1 did.
    """
    t = _as_float(y_true, "answers")
    t = t.reshape(len(t), -1)
    s = _as_float(y_pred).reshape(-1)
    if t.shape[1] < 2 or len(s) != len(t):
        raise ValueError("y_true must be (n, 1 + subgroups) and y_pred (n,)")
    if threshold_predictions is not None:
        s = (s >= threshold_predictions).astype(float)
    order = np.argsort(s)  # every AUC below is on rows in this order: a subset's scores come out sorted
    s, toxic, groups = s[order], t[order, 0] == 1, t[order, 1:] == 1

    def auc(mask: np.ndarray, what: str) -> float:
        positives, negatives = s[mask & toxic], s[mask & ~toxic]
        if not len(positives) or not len(negatives):
            raise ValueError(f"{what} AUC is undefined: the answers hold one class there")
        return _auc_of_sorted(positives, negatives)

    bias = np.array([
        [auc(g, "subgroup"), auc((g & ~toxic) | (~g & toxic), "BPSN"), auc((g & toxic) | (~g & ~toxic), "BNSP")]
        for g in groups.T
    ])
    with np.errstate(divide="ignore"):  # an AUC of 0 makes its power mean 0
        means = np.mean(bias**power, axis=0) ** (1 / power)
    return float(weight * auc(np.ones(len(s), dtype=bool), "overall") + weight * means.sum())


def _text_cells(y: ArrayLike) -> list[str]:
    """The cells as text: a blank (None or NaN) is the empty string, anything else str()-ed."""
    cells = list(y)
    if set(map(type, cells)) <= {str}:  # text already (the usual case): no per-cell Python work
        return cells
    return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in cells]


def mean_levenshtein_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean character-level Levenshtein distance between answers and predictions (Kaggle's
    billion-word-imputation metric). A blank/NaN cell is the empty string.

    Characters are Unicode code points. Equal pairs are found by one comparison each; the others go to
    RapidFuzz's compiled edit distance (exact: an integer per pair, one thread, as grading runs in parallel
    processes of its own).
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    arrow = _arrow_text_pair(y_true, y_pred)
    if arrow is not None:  # Arrow text (a blank: ""): equal cells found by Arrow, only the others made str
        import pyarrow as pa
        import pyarrow.compute as pc

        t_text, p_text = (pc.fill_null(x, "") for x in arrow)
        n = len(t_text)
        differ = np.flatnonzero(pc.not_equal(t_text, p_text).to_numpy(zero_copy_only=False)) if n else []
        chosen = pa.array(differ, type=pa.int64())
        t, p = t_text.take(chosen).to_pylist(), p_text.take(chosen).to_pylist()
    else:
        t_all, p_all = _text_cells(y_true), _text_cells(y_pred)
        if len(t_all) != len(p_all):
            raise ValueError(f"inconsistent numbers of rows: [{len(t_all)}, {len(p_all)}]")
        n = len(t_all)
        differ = np.flatnonzero(np.fromiter(map(operator.ne, t_all, p_all), dtype=bool, count=n))
        t, p = [t_all[k] for k in differ], [p_all[k] for k in differ]
    if not n:
        return 0.0
    dist = np.zeros(n, dtype=np.int64)
    if len(differ):
        dist[differ] = process.cpdist(t, p, scorer=Levenshtein.distance, dtype=np.int64, workers=1)
    return float(dist.mean())


def _arrow_text_pair(y_true, y_pred) -> tuple | None:
    """Both as Arrow text when both are Arrow string arrays (plain or chunked) of the same length; else None."""
    import pyarrow as pa

    pair = (y_true, y_pred)
    if not all(isinstance(x, (pa.Array, pa.ChunkedArray)) and (pa.types.is_string(x.type) or pa.types.is_large_string(x.type))
               for x in pair):
        return None
    if len(y_true) != len(y_pred):
        raise ValueError(f"inconsistent numbers of rows: [{len(y_true)}, {len(y_pred)}]")
    return pair


def mean_group_log_mean_absolute_error(
    y_true: ArrayLike, y_pred: ArrayLike, groups: ArrayLike, *, floor: float = 1e-9
) -> float:
    """Mean over groups of log(MAE within the group), each MAE floored at ``floor`` (Kaggle's
    champs-scalar-coupling metric: one log-MAE per coupling type, averaged over types)."""
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    if not (len(t) == len(p) == len(groups)) or len(t) == 0:
        raise ValueError(f"inconsistent or empty inputs: [{len(t)}, {len(p)}, {len(groups)}]")
    which = _group_codes(groups)
    mae = np.bincount(which, weights=np.abs(t - p)) / np.bincount(which)
    return float(np.mean(np.log(np.maximum(mae, floor))))


def _group_codes(groups: ArrayLike) -> np.ndarray:
    """Each row's group as its rank among the distinct groups' texts in sorted order (``np.unique`` of the
    groups as str). A pandas column of Arrow text without blanks is encoded by Arrow and only its distinct
    values sorted by numpy (the same codes, without a Python string per row)."""
    array = getattr(groups, "array", None)
    if type(array).__name__ == "ArrowStringArray" and not groups.hasnans:
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pa.array(array)  # one array, or several chunks as a large CSV gives
        encoded = pc.dictionary_encode(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text)
        _, rank = np.unique(np.asarray(encoded.dictionary.to_pylist(), dtype=str), return_inverse=True)
        return rank[encoded.indices.to_numpy()]
    _, which = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    return which


for _m in (
    Metric("pearson-or-zero", pearson_or_zero_score, True),
    Metric("mean-column-wise-spearman", mean_column_wise_spearman_score, True),
    Metric("mean-word-jaccard", mean_word_jaccard_score, True),
    Metric("jigsaw-bias-auc", jigsaw_bias_auc_score, True),
    Metric("mean-levenshtein-distance", mean_levenshtein_error, False),
    Metric("group-log-mae", mean_group_log_mean_absolute_error, False),
):
    METRICS[_m.name] = _m
del _m

# --- end of medium split, text A ----------------------------------------------------------------


# --- medium split, text B (osic-pulmonary-fibrosis-progression, facebook-recruiting-iii,
# chaii, AI4Code, tensorflow2-QA, tensorflow-speech, freesound-2019, icecube, multi-modal gesture):
# one block, appended ----------------------------------------------------------------------------


def modified_laplace_log_likelihood(
    y_true: ArrayLike, y_pred: ArrayLike, *, min_sigma: float = 70.0, max_error: float = 1000.0
) -> float:
    """OSIC's modified Laplace log likelihood (higher is better, always negative).

    ``y_true``: the measured values (1-D, or the first column of an (n, k) array); ``y_pred``: an
    (n, 2) array of predicted value and confidence (sigma). Per row: sigma = max(sigma, min_sigma),
    delta = min(|true - pred|, max_error), score = -sqrt(2) * delta / sigma - ln(sqrt(2) * sigma);
    the result is the mean over rows.
    """
    t = np.asarray(y_true, dtype=float)
    t = t[:, 0] if t.ndim == 2 else t
    p = np.asarray(y_pred, dtype=float)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) != len(t) or len(t) == 0:
        raise ValueError(f"expected (n,) answers and (n, 2) predictions, got {t.shape} and {p.shape}")
    sigma = np.maximum(p[:, 1], min_sigma)
    delta = np.minimum(np.abs(t - p[:, 0]), max_error)
    return float(np.mean(-np.sqrt(2) * delta / sigma - np.log(np.sqrt(2) * sigma)))


def micro_f1_item_sets(
    y_true: Sequence[Sequence], y_pred: Sequence[Sequence], *, unknown_predictions: str = "count"
) -> float:
    """Micro-averaged F1 over rows of item sets (e.g. tags): 2 TP / (2 TP + FP + FN), summed over rows.

    Each row's items are a set (repeats count once). ``unknown_predictions="ignore"`` drops predicted
    items that appear in no row of ``y_true`` before counting (v1's facebook-recruiting-iii grader:
    its label space was the answers' tags, so such items were never false positives); the default
    counts them as false positives. No items on either side scores 0.
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"inconsistent numbers of rows: [{len(y_true)}, {len(y_pred)}]")
    if unknown_predictions not in ("count", "ignore"):
        raise ValueError(f"unknown_predictions must be 'count' or 'ignore', got {unknown_predictions!r}")
    (t_row, t_code), (p_row, p_code), n_codes = _item_codes(y_true, y_pred)
    if unknown_predictions == "ignore":
        known = np.zeros(n_codes, dtype=bool)
        known[t_code] = True
        keep = known[p_code]
        p_row, p_code = p_row[keep], p_code[keep]
    truth, pred = _distinct(t_row * n_codes + t_code), _distinct(p_row * n_codes + p_code)  # (row, item) pairs
    both = np.sort(np.concatenate([truth, pred]), kind="stable")  # two sorted runs: timsort merges them
    tp = int(np.count_nonzero(both[1:] == both[:-1]))  # each side distinct: a pair twice is in both
    fp, fn = len(pred) - tp, len(truth) - tp
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique``, which is many times slower on large int64 arrays in numpy 2.4).
    Sorted by timsort (``kind="stable"``): (row, item) keys come row by row, runs it uses (twice as
    fast as numpy's default sort there, many times slower on keys in random order)."""
    keys = np.sort(keys, kind="stable")
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _item_codes(*tables: Sequence[Sequence]) -> tuple:
    """Each table (rows of items) as two flat arrays, an entry per item: its row and an integer code,
    equal items (as a set sees them) sharing one code across the tables; and the number of codes.
    A table is a sequence of rows or an Arrow list array. Lists of text are encoded by Arrow, other
    items by a dict."""
    import pyarrow as pa

    tables = [t.combine_chunks() if isinstance(t, pa.ChunkedArray) else t for t in tables]
    try:
        lists = [t if isinstance(t, pa.Array) else pa.array(t, type=pa.list_(pa.string())) for t in tables]
    except (ValueError, TypeError):  # not lists of text (Arrow's errors derive from these; so does a lone surrogate's)
        lists = []

    def text_without_nulls(rows: pa.Array) -> bool:
        t = rows.type
        return ((pa.types.is_list(t) or pa.types.is_large_list(t))
                and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type))
                and not (rows.null_count or rows.flatten().null_count))

    if lists and all(map(text_without_nulls, lists)):
        import pyarrow.compute as pc

        lengths = [np.diff(rows.offsets.to_numpy()) for rows in lists]
        items = [rows.flatten() for rows in lists]
        if len({v.type for v in items}) > 1:  # string and large_string: one type to concatenate
            items = [v.cast(pa.large_string()) for v in items]
        codes = pc.dictionary_encode(pa.concat_arrays(items)).indices.to_numpy()
    else:
        tables = [t.to_pylist() if isinstance(t, pa.Array) else t for t in tables]
        lengths = [np.fromiter(map(len, table), dtype=np.int64, count=len(table)) for table in tables]
        seen: dict = {}  # equal as a set sees them
        codes = np.fromiter((seen.setdefault(x, len(seen)) for x in chain.from_iterable(chain.from_iterable(tables))),
                            dtype=np.int64, count=int(sum(map(np.sum, lengths))))
    codes = codes.astype(np.int64, copy=False)
    ends = np.cumsum([n.sum() for n in lengths])
    rows_and_codes = [(np.repeat(np.arange(len(n)), n), c) for n, c in zip(lengths, np.split(codes, ends[:-1]))]
    return (*rows_and_codes, int(codes.max(initial=-1)) + 1)


def _count_inversions(perm: np.ndarray) -> int:
    """Pairs i < j with perm[i] > perm[j], for a permutation of 0..n-1, one bit at a time.

    Two values first differ at some bit b; they are inverted when the one with b set comes first.
    From the highest bit down, the values are kept grouped by their bits above b, each group in the
    original order (the group of values q * 2^(b+1) onwards fills the positions from there, as the
    values are a permutation); a value with b clear is inverted with every value with b set before it
    in its group, and a stable partition of each group by bit b gives the next bit's groups.
    """
    v = np.asarray(perm, dtype=np.int64)
    n = len(v)
    position = np.arange(n)
    inversions = 0
    for b in reversed(range(max(n - 1, 0).bit_length())):
        start = (v >> (b + 1)) << (b + 1)  # the first position of each value's group
        bit = (v >> b) & 1
        set_before = np.cumsum(bit) - bit
        set_before -= set_before[start]  # set bits before each value within its group
        inversions += int(set_before[bit == 0].sum())
        clear_in_group = np.minimum(1 << b, n - start)
        moved = np.empty_like(v)
        moved[np.where(bit == 0, position - set_before, start + clear_in_group + set_before)] = v
        v = moved
    return inversions


def kendall_tau_orders(y_true: Sequence[Sequence], y_pred: Sequence[Sequence]) -> float:
    """Kendall tau of predicted orders, pooled over rows (Kaggle's AI4Code metric):
    1 - 4 * sum(S_i) / sum(n_i (n_i - 1)), S_i the adjacent swaps (inversions) that turn row i's
    predicted order into its true order. Each prediction must be a permutation of its row's items.
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"inconsistent numbers of rows: [{len(y_true)}, {len(y_pred)}]")
    (t_row, t_code), (p_row, p_code), n_codes = _item_codes(y_true, y_pred)
    t_key, p_key = t_row * n_codes + t_code, p_row * n_codes + p_code  # (row, item) as one number
    order = np.argsort(t_key, kind="stable")
    at = np.minimum(np.searchsorted(t_key[order], p_key), max(len(t_key) - 1, 0))
    found = t_key[order[at]] == p_key if len(t_key) else np.zeros(len(p_key), dtype=bool)
    n_true = np.bincount(t_row, minlength=len(y_true))
    bad = n_true != np.bincount(p_row, minlength=len(y_pred))
    bad[p_row[~found]] = True  # an item the row does not hold
    p_sorted = np.sort(p_key)
    bad[p_sorted[1:][p_sorted[1:] == p_sorted[:-1]] // max(n_codes, 1)] = True  # an item listed twice
    if bad.any():  # (repeated true items make the row bad too: the prediction then lists an unknown or a repeat)
        raise ValueError(f"row {int(np.argmax(bad))}: the prediction is not a permutation of the true items")
    # each predicted item as its index in the flat true items: rows stay in their own blocks of
    # indices, so the inversions of the whole sequence are the sum of the rows' inversions
    swaps = _count_inversions(order[at])
    worst = int((n_true * (n_true - 1)).sum())
    if worst == 0:
        raise ValueError("no row has two or more items")
    return 1 - 4 * swaps / worst


def label_weighted_lrap(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Label-weighted label-ranking average precision (lwlrap, freesound-audio-tagging-2019).

    ``y_true`` an (n, k) 0/1 matrix, ``y_score`` (n, k) scores. For every true label of every row,
    the precision of the row's labels ranked at or above it; the mean over all true labels (rows
    weighted by their number of labels, rows without labels left out). scikit-learn's LRAP with
    those weights, as the competition's reference code.

    Vectorised, with scikit-learn's sums in scikit-learn's order (the same float): a true label's
    rank is the count of its row's labels scoring at least as high, its precision the true ones
    among them over that rank; a row's mean is numpy's mean of its precisions in label order, and
    the rows' weighted means are added one after another, then divided by the total weight.
    """
    t = np.asarray(y_true, dtype=float)
    p = _as_float(y_score)
    if t.ndim != 2 or t.shape != p.shape:
        raise ValueError(f"expected two (n, k) arrays of one shape, got {t.shape} and {p.shape}")
    truth = t > 0
    weight = truth.sum(axis=1)
    rows = np.flatnonzero(weight > 0)
    if len(rows) == 0:
        raise ValueError("no row has a true label")
    truth, p, weight = truth[rows], p[rows], weight[rows]
    r, c = np.nonzero(truth)  # row by row, each row's true labels in column order
    precision = np.empty(len(r))
    step = max(1, (1 << 22) // p.shape[1])  # about 4M comparisons at a time
    for lo in range(0, len(r), step):
        rr, cc = r[lo : lo + step], c[lo : lo + step]
        at_or_above = p[rr] >= p[rr, cc][:, None]
        precision[lo : lo + step] = (at_or_above & truth[rr]).sum(axis=1) / at_or_above.sum(axis=1)
    table = np.zeros(truth.shape)
    table[r, c] = precision
    mean = np.cumsum(table, axis=1)[:, -1] / weight  # numpy sums fewer than 8 values one by one, zeros change nothing
    start = np.concatenate([[0], np.cumsum(weight)])
    for i in np.flatnonzero(weight >= 8):  # and 8 or more pairwise: those rows through numpy's own mean
        mean[i] = precision[start[i] : start[i + 1]].mean()
    return float(np.cumsum(mean * weight)[-1] / weight.sum())


def mean_angular_error(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean angle (radians) between true and predicted directions (icecube-neutrinos-in-deep-ice).

    Both are (n, 2) arrays of (azimuth, zenith) in radians; each direction is the unit vector
    (cos az sin zen, sin az sin zen, cos zen), and the angle is arccos of the clipped dot product.
    """
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    if t.ndim != 2 or t.shape[1] != 2 or t.shape != p.shape or len(t) == 0:
        raise ValueError(f"expected two (n, 2) arrays of (azimuth, zenith), got {t.shape} and {p.shape}")
    az1, zen1, az2, zen2 = t[:, 0], t[:, 1], p[:, 0], p[:, 1]
    dot = np.sin(zen1) * np.sin(zen2) * np.cos(az1 - az2) + np.cos(zen1) * np.cos(zen2)
    return float(np.mean(np.arccos(np.clip(dot, -1.0, 1.0))))


def _sequence_edit_distance(a: Sequence, b: Sequence) -> int:
    """Levenshtein distance between two sequences of tokens (one numpy row per token of ``a``)."""
    if not a or not b:
        return max(len(a), len(b))
    bb = np.asarray(b, dtype=object)
    prev = np.arange(len(b) + 1)
    for i, x in enumerate(a, 1):
        cur = np.empty_like(prev)
        cur[0] = i
        sub = prev[:-1] + (bb != x)
        best = np.minimum(sub, prev[1:] + 1)
        for j in range(1, len(b) + 1):  # insertions chain left to right
            cur[j] = min(best[j - 1], cur[j - 1] + 1)
        prev = cur
    return int(prev[-1])


def normalized_sequence_edit_distance(y_true: Sequence[Sequence], y_pred: Sequence[Sequence]) -> float:
    """Sum over rows of the token-level Levenshtein distance between true and predicted sequences,
    divided by the total number of true tokens (multi-modal-gesture-recognition's score: an error
    rate over gestures, which can exceed 1)."""
    if len(y_true) != len(y_pred):
        raise ValueError(f"inconsistent numbers of rows: [{len(y_true)}, {len(y_pred)}]")
    total = sum(len(t) for t in y_true)
    if total == 0:
        raise ValueError("the true sequences hold no tokens")
    return sum(_sequence_edit_distance(list(t), list(p)) for t, p in zip(y_true, y_pred)) / total


for _m in (
    Metric("modified-laplace-log-likelihood", modified_laplace_log_likelihood, True),
    Metric("normalized-sequence-edit-distance", normalized_sequence_edit_distance, False),
    Metric("mean-angular-error", mean_angular_error, False),
    Metric("label-weighted-lrap", label_weighted_lrap, True),
    Metric("kendall-tau-orders", kendall_tau_orders, True),
    Metric("micro-f1-item-sets", micro_f1_item_sets, True),
):
    METRICS[_m.name] = _m
del _m

# --- end of medium split, text B ----------------------------------------------------------------

# --- medium split, image A (tgs-salt-identification-challenge, alaska2-image-steganalysis,
# kuzushiji-recognition): one block, appended -----------------------------------------------------


def mean_iou_threshold_precision(
    y_true: np.ndarray, y_pred: np.ndarray, *, empty_prediction_as_full: bool = False
) -> float:
    """Mean over images of the share of IoU thresholds 0.5, 0.55, …, 0.95 that the mask's IoU exceeds.

    ``y_true`` and ``y_pred`` are (n, …) arrays of binary masks, one object per image (TGS salt).
    An image without true pixels scores 1 when the prediction is empty too, else 0; otherwise it
    scores the share of thresholds t with IoU > t. ``empty_prediction_as_full=True`` is v1's
    binning quirk: an all-empty prediction on an image with salt is scored as a full-image mask
    (IoU = the share of the image that is salt).
    """
    t = np.asarray(y_true).reshape(len(y_true), -1).astype(bool)
    p = np.asarray(y_pred).reshape(len(y_pred), -1).astype(bool)
    if t.shape != p.shape or len(t) == 0:
        raise ValueError(f"expected two (n, ...) mask arrays of one shape, got {t.shape} and {p.shape}")
    return iou_threshold_precision_of_counts(t.sum(axis=1), p.sum(axis=1), np.logical_and(t, p).sum(axis=1),
                                             t.shape[1], empty_prediction_as_full=empty_prediction_as_full)


def iou_threshold_precision_of_counts(n_true: np.ndarray, n_pred: np.ndarray, inter: np.ndarray, pixels: int, *,
                                      empty_prediction_as_full: bool = False) -> float:
    """``mean_iou_threshold_precision`` from each image's whole-number pixel counts (true, predicted, both)
    and its size in pixels, for graders that count without drawing the masks (run-length encodings)."""
    if empty_prediction_as_full:
        as_full = (n_pred == 0) & (n_true > 0)
        inter = np.where(as_full, n_true, inter)
        n_pred = np.where(as_full, pixels, n_pred)
    union = n_true + n_pred - inter
    iou = inter / np.maximum(union, 1)
    thresholds = np.arange(0.5, 1.0, 0.05)
    with_salt = (iou[:, None] > thresholds[None, :]).mean(axis=1)
    score = np.where(n_true > 0, with_salt, (n_pred == 0).astype(float))
    return float(score.mean())


def alaska_weighted_auc(
    y_true: ArrayLike, y_score: ArrayLike, *, tpr_thresholds: Sequence[float] = (0.0, 0.4, 1.0),
    weights: Sequence[float] = (2, 1),
) -> float:
    """ALASKA2's weighted AUC: the ROC area cut into horizontal bands of TPR, each band weighted.

    The bands are [0, 0.4] (weight 2) and [0.4, 1] (weight 1). Each band's area is taken under the
    ROC points whose TPR lies in it, closed by (1, band top), with a point at the band edge added by
    linear interpolation of FPR when the curve has none; the weighted sum is divided by the
    weighted band widths so that a perfect ranking scores 1 (v1's version of Kaggle's metric).
    """
    skm = _skm()
    fpr, tpr, _ = skm.roc_curve(np.asarray(y_true), _as_float(y_score), pos_label=1)
    for edge in tpr_thresholds:
        if edge not in tpr:
            i = int(np.argmax(tpr > edge))
            x = fpr[i - 1] + (fpr[i] - fpr[i - 1]) * (edge - tpr[i - 1]) / (tpr[i] - tpr[i - 1])
            fpr, tpr = np.insert(fpr, i, x), np.insert(tpr, i, edge)
    total = 0.0
    for lo, hi, w in zip(tpr_thresholds[:-1], tpr_thresholds[1:], weights):
        band = (lo <= tpr) & (tpr <= hi)
        if band.any():
            xs = np.append(fpr[band], 1.0)
            ys = np.append(tpr[band], hi) - lo
            total += w * skm.auc(xs, ys)
    return float(total / np.dot(np.diff(tpr_thresholds), weights))


def _kuzushiji_fields(text, width: int, what: str) -> tuple[np.ndarray, np.ndarray]:
    """(labels, float coordinates (k, width - 1)) of one page string; blank/NaN = nothing."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or str(text).strip() == "":
        return np.empty(0, dtype=object), np.empty((0, width - 1))
    parts = str(text).split(" ")
    if len(parts) % width:
        raise ValueError(f"malformed {what} string: {len(parts)} fields is not a multiple of {width}")
    table = np.asarray(parts, dtype=object).reshape(-1, width)
    return table[:, 0], table[:, 1:].astype(float)


def matched_points(box: np.ndarray, point: np.ndarray, box_label: np.ndarray, point_label: np.ndarray) -> int:
    """How many of one page's boxes (x, y, width, height) are matched, in their written order, each by the first
    still-unused point (x, y) of its label strictly inside it (``kuzushiji_f1``'s rule)."""
    inside = ((box[:, None, 0] < point[None, :, 0]) & (box[:, None, 0] + box[:, None, 2] > point[None, :, 0])
              & (box[:, None, 1] < point[None, :, 1]) & (box[:, None, 1] + box[:, None, 3] > point[None, :, 1])
              & (box_label[:, None] == point_label[None, :]))
    unused = np.ones(len(point), dtype=bool)
    for row in np.flatnonzero(inside.any(axis=1)):
        hits = np.flatnonzero(inside[row] & unused)
        if len(hits):
            unused[hits[0]] = False
    return int((~unused).sum())


def kuzushiji_f1(y_true: Sequence, y_pred: Sequence) -> float:
    """Kuzushiji Recognition's F1 over characters (micro over pages).

    ``y_true``: per page, ``label X Y Width Height`` boxes; ``y_pred``: per page, ``label X Y``
    centre points (blank = none). A true box is matched by the first still-unused predicted point
    of the same label strictly inside it (X < px < X + Width, Y < py < Y + Height); unmatched
    boxes are false negatives, unused points false positives. F1 = 2PR / (P + R), 0 when there is
    no true positive.
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"inconsistent numbers of rows: [{len(y_true)}, {len(y_pred)}]")
    tp = fp = fn = 0
    for truth, pred in zip(y_true, y_pred):
        t_label, box = _kuzushiji_fields(truth, 5, "solution")
        p_label, point = _kuzushiji_fields(pred, 3, "prediction")
        if len(t_label) == 0 or len(p_label) == 0:
            fp += len(p_label)
            fn += len(t_label)
            continue
        page_tp = matched_points(box, point, t_label, p_label)
        tp += page_tp
        fn += len(t_label) - page_tp
        fp += len(p_label) - page_tp
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return float(2 * precision * recall / (precision + recall))


for _m in (
    Metric("mean-iou-threshold-precision", mean_iou_threshold_precision, True),
    Metric("alaska-weighted-auc", alaska_weighted_auc, True),
    Metric("kuzushiji-f1", kuzushiji_f1, True),
):
    METRICS[_m.name] = _m
del _m

# --- end of medium split, image A ---------------------------------------------------------------

# --- high split, B (vesuvius-challenge-ink-detection, ...): one block, appended ----------------


def fbeta_score(y_true: ArrayLike, y_pred: ArrayLike, *, beta: float = 1.0) -> float:
    """Binary F-beta over 0/1 (or boolean) labels, counted directly (fast on tens of millions of
    pixels): (1 + b²) TP / ((1 + b²) TP + b² FN + FP); 0 when there is no true positive (as
    scikit-learn's ``fbeta_score`` with its default zero_division)."""
    t, p = np.asarray(y_true).ravel().astype(bool), np.asarray(y_pred).ravel().astype(bool)
    if t.shape != p.shape:
        raise ValueError(f"inconsistent numbers of samples: [{t.size}, {p.size}]")
    if beta <= 0:
        raise ValueError(f"beta must be positive, got {beta}")
    tp = int(np.count_nonzero(t & p))
    fn, fp = int(np.count_nonzero(t)) - tp, int(np.count_nonzero(p)) - tp
    if tp == 0:
        return 0.0
    b2 = beta * beta
    return float((1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp))


for _m in (
    Metric("f-beta-score", fbeta_score, True),
):
    METRICS[_m.name] = _m
del _m

# --- end of high split, B -------------------------------------------------------------------------

# --- high split, A (hms-harmful-brain-activity-classification): one block, appended ------------


def kl_divergence_loss(y_true: np.ndarray, y_pred: np.ndarray, *, eps: float = 1e-15) -> float:
    """Mean over rows of the Kullback-Leibler divergence KL(y_true || y_pred) (Kaggle's
    "kullback-leibler-divergence" metric, micro-averaged).

    Both are (n, k) arrays of probability rows. Predictions are clipped to [eps, 1 - eps] (not
    renormalised); cells where y_true is 0 contribute 0 (scipy's ``rel_entr`` convention).
    """
    t, p = _as_float(y_true, "answers"), _as_float(y_pred)
    t, p = np.atleast_2d(t), np.atleast_2d(p)
    if t.shape != p.shape:
        raise ValueError(f"inconsistent shapes: {t.shape} and {p.shape}")
    if len(t) == 0:
        raise ValueError("no rows to score")
    p = np.clip(p, eps, 1 - eps)
    positive = t > 0
    terms = np.zeros_like(t)
    terms[positive] = t[positive] * np.log(t[positive] / p[positive])
    return float(terms.sum(axis=1).mean())


for _m in (
    Metric("kl-divergence", kl_divergence_loss, False),
):
    METRICS[_m.name] = _m
del _m

# --- end of high split, A -------------------------------------------------------------------------

# --- high split, DICOM (rsna-breast-cancer-detection): one block, appended ------------------------


def probabilistic_f1_score(y_true: ArrayLike, y_pred: ArrayLike, *, beta: float = 1.0) -> float:
    """Probabilistic F-beta (Kaggle's RSNA breast-cancer metric): predictions clipped to [0, 1] count
    as fractional detections, pTP = sum of predictions on positives, pFP = sum on negatives;
    precision pTP / (pTP + pFP), recall pTP / positives, F-beta of the two; 0 when either is 0
    (all predictions 0 included)."""
    t = _as_float(y_true, "labels").ravel() > 0
    p = np.clip(_as_float(y_pred).ravel(), 0.0, 1.0)
    if t.shape != p.shape:
        raise ValueError(f"inconsistent numbers of samples: [{t.size}, {p.size}]")
    if beta <= 0:
        raise ValueError(f"beta must be positive, got {beta}")
    positives = int(t.sum())
    if positives == 0:
        raise ValueError("probabilistic F-score is undefined when the answers hold no positive")
    ctp, cfp = float(p[t].sum()), float(p[~t].sum())
    if ctp + cfp == 0:
        return 0.0
    precision, recall = ctp / (ctp + cfp), ctp / positives
    if precision <= 0 or recall <= 0:
        return 0.0
    b2 = beta * beta
    return float((1 + b2) * precision * recall / (b2 * precision + recall))


for _m in (
    Metric("probabilistic-f1-score", probabilistic_f1_score, True),
):
    METRICS[_m.name] = _m
del _m

# --- end of high split, DICOM ---------------------------------------------------------------------

# --- high split, rsna-2022-cervical-spine-fracture-detection: one block, appended -----------------


def weighted_multi_label_log_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    negative_weights: Sequence[float] = (7, 1, 1, 1, 1, 1, 1, 1),
    positive_weights: Sequence[float] = (14, 2, 2, 2, 2, 2, 2, 2),
    eps: float = 1e-15,
) -> float:
    """RSNA 2022 cervical-spine metric: (n, k) 0/1 labels and probabilities (defaults: k = 8, the
    columns patient_overall, C1..C7). Each cell's binary log loss (predictions clipped to
    [eps, 1 - eps]) is weighted by ``positive_weights[j]`` where the label is 1 and
    ``negative_weights[j]`` where it is 0; each row's loss is its weighted sum over its own weight
    sum, and the score is the mean over rows."""
    t, p = np.atleast_2d(_as_float(y_true, "labels")), np.atleast_2d(_as_float(y_pred))
    if t.shape != p.shape:
        raise ValueError(f"inconsistent shapes: {t.shape} and {p.shape}")
    if len(t) == 0:
        raise ValueError("no rows to score")
    neg, pos = np.asarray(negative_weights, dtype=float), np.asarray(positive_weights, dtype=float)
    if neg.shape != (t.shape[1],) or pos.shape != (t.shape[1],):
        raise ValueError(f"need {t.shape[1]} weights per label, got {neg.size} and {pos.size}")
    p = np.clip(p, eps, 1 - eps)
    cell = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    w = t * pos + (1 - t) * neg
    return float(((cell * w).sum(axis=1) / w.sum(axis=1)).mean())


for _m in (
    Metric("weighted-multi-label-log-loss", weighted_multi_label_log_loss, False),
):
    METRICS[_m.name] = _m
del _m

# --- end of high split, rsna-2022-cervical-spine-fracture-detection -------------------------------
