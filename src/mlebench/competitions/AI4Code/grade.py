"""Kendall tau between predicted and true cell orders, pooled over the test notebooks.

Rows are matched by notebook id; each ``cell_order`` must list exactly the notebook's cell ids,
each once (v1 crashed on an unknown cell id and scored repeated ids).
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import kendall_tau_orders
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["cell_order"])
    truth = [str(v).split() for v in ans["cell_order"]]
    pred = [str(v).split() for v in sub["cell_order"]]
    for notebook, t, p in zip(ans["id"], truth, pred):
        if len(p) != len(t) or set(p) != set(t):
            missing, unknown = sorted(set(t) - set(p)), sorted(set(p) - set(t))
            detail = (f"{len(missing)} of its cell id(s) missing ({', '.join(missing[:3])})" if missing else "") + (
                f"{'; ' if missing else ''}{len(unknown)} unknown cell id(s) ({', '.join(unknown[:3])})" if unknown else "")
            raise InvalidSubmissionError(
                f"notebook {notebook}: cell_order must list each of its {len(t)} cells once; got {len(p)} ids"
                + (f", {detail}" if detail else " (repeated ids)")
            )
    return kendall_tau_orders(truth, pred)
