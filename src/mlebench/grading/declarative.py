"""Declarative grading: the grader a competition gets from its ``config.yaml`` when it has no grade.py.

Most competitions grade the same way: match the submission's rows to the answers by id
(``submission.align``), check the predictions, and apply one named metric from
``grading.metrics.METRICS``. Such a competition says so in its config and writes no code::

    metric: auc-roc                  # the metric (a METRICS name, or see grading.metric)
    submission:
      id_column: id                  # one column or a list of columns
      target_columns: [has_cactus]
      allow_empty: false             # blank predictions are legal (default false)
    grading:                         # optional: options of the generic grader
      values: probabilities

The keys of ``grading`` (all optional) are listed in ``GRADING_KEYS``; docs/competition-kit.md
explains each with examples. A config mistake (unknown key, unknown metric, an option the metric
does not take) raises ``MLEBenchError`` when the grader is built, never while grading.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.errors import MLEBenchError
from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.answers import once_per_answers
from mlebench.grading.metrics import (
    METRICS,
    Metric,
    accuracy_score,
    kendall_tau_orders,
    mean_levenshtein_error,
    micro_f1_item_sets,
)
from mlebench.grading.submission import align, check_columns, check_probability_rows, float_columns

# how target cells are read before the metric sees them
VALUE_KINDS = {
    "numeric": "numbers (text that is not a number, or inf, makes the submission invalid)",
    "probabilities": "numbers in [0, 1]",
    "text": "text, compared as v1 does: each cell as pandas read it, str()-ed; a blank reads 'nan'",
    "space-separated": "a space-separated list of items per cell (blank = no items), for @k metrics",
    "as-is": "the values as pandas read them, unconverted",
}
GRADING_KEYS = {
    "metric": "name of the metric in grading.metrics.METRICS (default: the top-level `metric`)",
    "values": f"how target cells are read: one of {', '.join(VALUE_KINDS)} (default numeric)",
    "metric_options": "keyword options passed to the metric function (eps, k, average, …)",
    "allowed_values": "the only legal predictions (e.g. the classes 0..4); any other is invalid",
    "probability_rows": "v1's multi-class rule: each row's targets in [0, 1] summing to 1 within this tolerance",
    "extra_columns": "'invalid' (default) or 'ignore': what columns other than id and targets do",
    "ignored_columns": "columns accepted in a submission and dropped before grading",
    "unscored_value": "answer rows holding this value in a target column must be submitted but are not scored",
}
# metrics that take an Arrow list array of text as well as lists of str (space-separated values)
_TAKE_ARROW_LISTS = (micro_f1_item_sets, kendall_tau_orders)
_TAKE_ARROW_TEXT = (mean_levenshtein_error,)  # metrics that take a column of Arrow text as they take str cells


def _as_text(df: pd.DataFrame) -> np.ndarray:
    return np.column_stack([_column_as_text(df[c]) for c in df.columns]) if len(df.columns) else np.empty((len(df), 0))


def _column_as_text(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.StringDtype):  # cells already str: str(v) is v, only blanks change
        return column.astype(object).where(column.notna(), "nan").to_numpy(dtype=object)
    values = column.to_numpy(dtype=object)
    # object strings: astype(str) would make a fixed-width array, rows x the longest cell (a memory bomb)
    return np.where(pd.isna(values), "nan", np.vectorize(str, otypes=[object])(values))


def _text_matches(answers: pd.DataFrame, submission: pd.DataFrame) -> np.ndarray | None:
    """Cell by cell, whether ``_as_text`` of the two frames would be equal, compared as Arrow strings
    (a blank is 'nan' on both sides); None unless every column is Arrow text in both frames."""
    out = []
    for c in answers.columns:
        a, b = _arrow_text(answers[c]), _arrow_text(submission[c])
        if a is None or b is None:
            return None
        out.append(pc.equal(pc.fill_null(a, "nan"), pc.fill_null(b, "nan")).to_numpy(zero_copy_only=False))
    return np.column_stack(out) if out else None


def _arrow_text(column: pd.Series) -> pa.Array | pa.ChunkedArray | None:
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return pa.array(column.array)  # the column's own Arrow strings, not copied
    return None


def _as_items(column: pd.Series, *, arrow: bool = False) -> list[list[str]] | pa.ListArray:
    """Each cell's items as ``str.split()`` cuts them (a blank cell has none), as lists of str; with
    ``arrow``, as an Arrow list array of the same items wherever Arrow provably splits as Python."""
    text = _arrow_text(column)
    if text is not None:  # Arrow text: its cells are str, its blanks None (no pd.isna per cell)
        if arrow and _ascii_split_is_str_split(text):
            return _ascii_split(text)
        return [[] if v is None else v.split() for v in text.to_pylist()]
    return [[] if pd.isna(v) else str(v).split() for v in column.to_numpy(dtype=object)]


def _ascii_split_is_str_split(text: pa.Array | pa.ChunkedArray) -> bool:
    """Whether Arrow's ``ascii_split_whitespace`` cuts these cells where ``str.split()`` does: the text
    is ASCII (str.split also cuts at Unicode spaces, \\x85 and \\xa0) without \\x1c-\\x1f (separators
    to str.split, not to Arrow); both then cut at runs of space, \\t, \\n, \\v, \\f and \\r.
    Checked on the bytes the cells span (a null cell's bytes too: a false alarm only costs speed)."""
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
        return False
    for chunk in text.chunks if isinstance(text, pa.ChunkedArray) else [text]:
        _, offsets, data = chunk.buffers()
        if data is None or len(chunk) == 0:
            continue
        ends = np.frombuffer(offsets, dtype=np.int64 if pa.types.is_large_string(chunk.type) else np.int32)
        ends = ends[chunk.offset : chunk.offset + len(chunk) + 1]
        b = np.frombuffer(data, dtype=np.uint8)[ends[0] : ends[-1]]
        if len(b) and (b.max() >= 0x80 or np.count_nonzero(b - np.uint8(0x1C) < 4)):  # uint8 wraps: b in 0x1c-0x1f
            return False
    return True


def _ascii_split(text: pa.Array | pa.ChunkedArray) -> pa.ListArray:
    """The cells cut by ``ascii_split_whitespace``, without the empty items it keeps (from leading or
    trailing whitespace, or a blank cell) that str.split drops; a null cell has no items."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    lists = pc.ascii_split_whitespace(pc.fill_null(text, ""))
    items = lists.flatten()
    kept = pc.greater(pc.binary_length(items), 0)
    before = np.concatenate([[0], np.cumsum(kept.to_numpy(zero_copy_only=False))])  # kept items before each item
    offsets = lists.offsets.to_numpy()
    return pa.ListArray.from_arrays(
        pa.array(before[offsets - offsets[0]], type=lists.offsets.type), items.filter(kept)
    )


def _describe(values: Sequence) -> str:
    """'0-4' for a run of whole numbers, else the values listed."""
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer()]
    if len(nums) == len(values) > 2 and sorted(int(v) for v in nums) == list(range(int(min(nums)), int(max(nums)) + 1)):
        return f"an integer {int(min(nums))}-{int(max(nums))}"
    return "one of " + ", ".join(str(v) for v in values)


@dataclass(frozen=True)
class GradingSpec:
    """What the generic grader needs, read from a competition's config."""

    metric: Metric
    id_column: str | tuple[str, ...]
    target_columns: tuple[str, ...]
    values: str = "numeric"
    allow_nan: bool = False
    metric_options: Mapping[str, Any] = field(default_factory=dict)
    allowed_values: tuple | None = None
    probability_rows: float | None = None
    extra_columns: str = "invalid"
    ignored_columns: tuple[str, ...] = ()
    unscored_value: Any = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, where: str = "config.yaml") -> GradingSpec:
        """Build from the parsed config.yaml (top-level ``metric``, ``submission`` and ``grading``)."""
        grading = dict(config.get("grading") or {})
        unknown = sorted(set(grading) - set(GRADING_KEYS))
        if unknown:
            import difflib

            hints = [m for k in unknown for m in difflib.get_close_matches(k, GRADING_KEYS, n=1)]
            hint = f" Did you mean: {', '.join(hints)}?" if hints else ""
            raise MLEBenchError(f"{where}: unknown grading key(s) {', '.join(unknown)}; known: {', '.join(GRADING_KEYS)}.{hint}")
        submission = config.get("submission") or {}
        if "id_column" not in submission or not submission.get("target_columns"):
            raise MLEBenchError(f"{where}: declarative grading needs submission.id_column and submission.target_columns")
        name = grading.get("metric") or config.get("metric")
        if name not in METRICS:
            raise MLEBenchError(
                f"{where}: metric '{name}' is not a named metric ({', '.join(sorted(METRICS))}); set grading.metric "
                "to one of them, or write grade.py"
            )
        metric = METRICS[name]
        values = grading.get("values", "numeric")
        if values not in VALUE_KINDS:
            raise MLEBenchError(f"{where}: grading.values must be one of {', '.join(VALUE_KINDS)}, not '{values}'")
        if values == "space-separated" and len(submission["target_columns"]) != 1:
            raise MLEBenchError(f"{where}: grading.values 'space-separated' takes one target column")
        options = dict(grading.get("metric_options") or {})
        _check_options(metric, options, where)
        if grading.get("extra_columns", "invalid") not in ("invalid", "ignore"):
            raise MLEBenchError(f"{where}: grading.extra_columns must be 'invalid' or 'ignore'")
        ids = submission["id_column"]
        allowed = grading.get("allowed_values")
        rows = grading.get("probability_rows")
        return cls(
            metric=metric,
            id_column=ids if isinstance(ids, str) else tuple(ids),
            target_columns=tuple(submission["target_columns"]),
            values=values,
            allow_nan=bool(submission.get("allow_empty", False)),
            metric_options=options,
            allowed_values=None if allowed is None else tuple(allowed),
            probability_rows=None if rows is None else float(rows),
            extra_columns=grading.get("extra_columns", "invalid"),
            ignored_columns=tuple(grading.get("ignored_columns") or ()),
            unscored_value=grading.get("unscored_value"),
        )


def _check_options(metric: Metric, options: Mapping[str, Any], where: str) -> None:
    params = inspect.signature(metric.fn).parameters
    takes = {n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    bad = sorted(set(options) - takes)
    if bad:
        raise MLEBenchError(
            f"{where}: metric '{metric.name}' takes no option(s) {', '.join(bad)}"
            f" (it takes: {', '.join(sorted(takes)) or 'none'})"
        )
    missing = sorted(n for n in takes if params[n].default is inspect.Parameter.empty and n not in options)
    if missing:
        raise MLEBenchError(f"{where}: metric '{metric.name}' needs grading.metric_options: {', '.join(missing)}")


class DeclarativeGrader:
    """``grade(submission, answers) -> float`` for a ``GradingSpec``: align, check, one metric."""

    def __init__(self, spec: GradingSpec) -> None:
        self.spec = spec

    @property
    def _id_columns(self) -> list[str]:
        ids = self.spec.id_column
        return [ids] if isinstance(ids, str) else list(ids)

    def __call__(self, submission: pd.DataFrame, answers: pd.DataFrame) -> float:
        s = self.spec
        ids, targets = self._id_columns, list(s.target_columns)
        sub = submission
        if s.ignored_columns:
            sub = sub.drop(columns=[c for c in s.ignored_columns if c in sub.columns])
        if s.extra_columns == "ignore":
            check_columns(sub, [*ids, *targets], allow_extra=True)
            sub = sub[[*ids, *targets]]
        numeric = s.values == "numeric" or s.probability_rows is not None
        sub, ans = align(
            sub, answers, id_column=s.id_column, target_columns=targets, allow_nan=s.allow_nan,
            numeric=numeric, probabilities=s.values == "probabilities",
        )
        if s.allowed_values is not None:
            self._check_allowed(sub, targets)
        if s.probability_rows is not None:
            check_probability_rows(sub[ids[0]], float_columns(sub, targets), tolerance=s.probability_rows)
        if s.unscored_value is not None:
            scored = ~(ans[targets] == s.unscored_value).any(axis=1).to_numpy()
            sub, ans = sub[scored], ans[scored]
        if s.values == "text" and s.metric.fn is accuracy_score:
            same = _text_matches(ans[targets], sub[targets])
            if same is not None:  # accuracy looks only at which cells are equal: 0 for every answer, 1 where different
                truth, guess = np.zeros(same.shape, dtype=np.int8), (~same).astype(np.int8)
                return s.metric.fn(*(x[:, 0] if len(targets) == 1 else x for x in (truth, guess)), **s.metric_options)
        return s.metric.fn(self._read(ans, targets, answers=True), self._read(sub, targets), **s.metric_options)

    def _read(self, df: pd.DataFrame, targets: list[str], *, answers: bool = False) -> Any:
        kind = self.spec.values
        if kind == "space-separated":
            column = df[targets[0]]
            if self.spec.metric.fn not in _TAKE_ARROW_LISTS:
                return _as_items(column)
            if answers:  # the cached answers' Arrow list array, split once (the metrics never change it)
                return once_per_answers("space-separated items", [column], lambda: _as_items(column, arrow=True))
            return _as_items(column, arrow=True)
        if kind in ("numeric", "probabilities"):
            if len(targets) == 1:  # the values of df[targets].to_numpy(dtype=float)[:, 0], without the frame
                return df[targets[0]].to_numpy(dtype=float)
            return float_columns(df, targets)
        elif kind == "text":
            text = _arrow_text(df[targets[0]]) if len(targets) == 1 and self.spec.metric.fn in _TAKE_ARROW_TEXT else None
            if text is not None:  # the column's own Arrow text, a blank reading "nan" as in _as_text
                return pc.fill_null(text, "nan")
            out = _as_text(df[targets])
        else:
            out = df[targets].to_numpy()
        return out[:, 0] if len(targets) == 1 else out

    def _check_allowed(self, sub: pd.DataFrame, targets: list[str]) -> None:
        allowed = list(self.spec.allowed_values or ())
        for c in targets:
            if self.spec.values in ("numeric", "probabilities"):
                have = sub[c].to_numpy(dtype=float)
                bad = ~np.isin(have, np.asarray(allowed, dtype=float))
            else:
                have = _as_text(sub[[c]])[:, 0]
                bad = ~np.isin(have, [str(v) for v in allowed])
            if bad.any():
                shown = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in pd.unique(have[bad])[:5])
                raise InvalidSubmissionError(
                    f"'{c}' must be {_describe(allowed)}; {int(bad.sum())} row(s) hold other values: {shown}"
                )


def declarative_grader(config: Mapping[str, Any], *, where: str = "config.yaml") -> DeclarativeGrader:
    """The generic grader described by a parsed config.yaml; raises MLEBenchError on a config mistake."""
    return DeclarativeGrader(GradingSpec.from_config(config, where=where))


__all__ = ["GRADING_KEYS", "VALUE_KINDS", "DeclarativeGrader", "GradingSpec", "declarative_grader"]
