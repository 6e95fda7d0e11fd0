"""Accuracy: the share of test tokens whose predicted ``after`` equals the answer exactly.

Values are compared as text the way v1 does: each cell as pandas read it, turned into a string,
so an empty cell and an answer that pandas reads as missing (e.g. "None", "NA") both read "nan"
and agree. Rows are matched by ``id``. Shared by the Russian competition.
"""

import numpy as np
import pandas as pd

from mlebench.grading.metrics import accuracy_score
from mlebench.grading.submission import align


def _as_text(s: pd.Series) -> np.ndarray:
    values = s.to_numpy(dtype=object)
    return np.where(pd.isna(values), "nan", values.astype(str))


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["after"], allow_nan=True)
    return accuracy_score(_as_text(ans["after"]), _as_text(sub["after"]))
