"""Kendall tau between predicted and true cell orders, pooled over the test notebooks.

Rows are matched by notebook id; each ``cell_order`` must list exactly the notebook's cell ids,
each once (v1 crashed on an unknown cell id and scored repeated ids).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.answers import once_per_answers
from mlebench.grading.declarative import _as_items
from mlebench.grading.detection import split_fields, text_cells
from mlebench.grading.metrics import kendall_tau_orders
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["cell_order"])
    if _same_cells(sub["cell_order"], ans["cell_order"]):  # Arrow text without blanks: split by Arrow where it cuts
        truth = once_per_answers("AI4Code orders", [ans["cell_order"]],  # as str.split, kept with the answers
                                 lambda: _as_items(ans["cell_order"], arrow=True))
        return kendall_tau_orders(truth, _as_items(sub["cell_order"], arrow=True))
    truth = [str(v).split() for v in ans["cell_order"].to_numpy(dtype=object)]
    pred = [str(v).split() for v in sub["cell_order"].to_numpy(dtype=object)]
    _check_each(ans["id"], truth, pred)
    return kendall_tau_orders(truth, pred)


def _same_cells(pred: pd.Series, truth: pd.Series) -> bool:
    """Whether every notebook lists as many ids as it has cells, and the same set, told by one Arrow
    pass over both columns (False also when it cannot be told so: ``_check_each`` then decides)."""
    cells = [text_cells(pred), text_cells(truth)]
    if any(c is None or c.null_count for c in cells):  # a missing cell reads as the id "nan"
        return False
    split = [split_fields(c) for c in cells]
    if split[0] is None or split[1] is None:
        return False
    (p_row, p_ids), (t_row, t_ids) = split
    rows = len(truth)
    if not np.array_equal(np.bincount(p_row, minlength=rows), np.bincount(t_row, minlength=rows)):
        return False
    names = pa.chunked_array([p_ids, t_ids]).unique()
    keys = []
    for row, ids in ((p_row, p_ids), (t_row, t_ids)):
        key = np.sort(row * len(names) + pc.index_in(ids, value_set=names).to_numpy())
        keys.append(key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key)  # each notebook's set of ids
    return np.array_equal(keys[0], keys[1])


def _check_each(notebooks: pd.Series, truth: list[list[str]], pred: list[list[str]]) -> None:
    for notebook, t, p in zip(notebooks, truth, pred):
        if len(p) != len(t) or set(p) != set(t):
            missing, unknown = sorted(set(t) - set(p)), sorted(set(p) - set(t))
            detail = (f"{len(missing)} of its cell id(s) missing ({', '.join(missing[:3])})" if missing else "") + (
                f"{'; ' if missing else ''}{len(unknown)} unknown cell id(s) ({', '.join(unknown[:3])})" if unknown else "")
            raise InvalidSubmissionError(
                f"notebook {notebook}: cell_order must list each of its {len(t)} cells once; got {len(p)} ids"
                + (f", {detail}" if detail else " (repeated ids)")
            )
