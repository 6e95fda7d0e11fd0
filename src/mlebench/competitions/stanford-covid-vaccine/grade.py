"""MCRMSE: the mean over the three scored targets of the RMSE over the measured positions.

Every position of every test RNA must be predicted for all five targets (rows matched by
``id_seqpos``), but only answer rows with ``keep`` True (the first ``seq_scored`` positions) and
only ``reactivity``, ``deg_Mg_pH10`` and ``deg_Mg_50C`` are scored, as on Kaggle and in v1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading.metrics import root_mean_squared_error
from mlebench.grading.submission import align

ID = "id_seqpos"
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
SCORED = ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]


def _keep(values: pd.Series) -> np.ndarray:
    if values.dtype == bool:
        return values.to_numpy()
    return values.astype(str).str.lower().eq("true").to_numpy()


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=TARGETS, numeric=True)
    keep = _keep(ans["keep"])
    return float(np.mean([
        root_mean_squared_error(ans[c].to_numpy(dtype=float)[keep], sub[c].to_numpy(dtype=float)[keep])
        for c in SCORED
    ]))


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, *TARGETS]].copy()
