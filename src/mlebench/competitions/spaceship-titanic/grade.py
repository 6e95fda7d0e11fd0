"""Accuracy of the ``Transported`` predictions, rows matched by ``PassengerId``.

Why not the generic grader: the target is a boolean, and v1 reads both files with pandas, which
takes ``True``/``TRUE``/``true`` (and ``False``/…) as booleans and lets 1/0 stand for them
(scikit-learn compares ``True == 1``). A submission written in any of those spellings scored
the same in v1, so each cell is normalised to a boolean here; any other value is invalid.
"""

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import accuracy_score
from mlebench.grading.submission import align

ID, TARGET = "PassengerId", "Transported"
_SPELLINGS = {"true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False}


def as_bool(values: pd.Series, what: str) -> np.ndarray:
    """Booleans from True/False in any of pandas' spellings, or 1/0; raise naming other values."""
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=bool)
    text = values.astype(str).str.strip().str.lower()
    mapped = text.map(_SPELLINGS)
    bad = mapped.isna()
    if bad.any():
        shown = ", ".join(repr(v) for v in pd.unique(values[bad].astype(str))[:5])
        raise InvalidSubmissionError(
            f"'{TARGET}' must be True or False (1 or 0 also accepted); {int(bad.sum())} {what} row(s) hold "
            f"other values: {shown}"
        )
    return mapped.to_numpy(dtype=bool)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers[[ID, TARGET]], id_column=ID, target_columns=[TARGET])
    return accuracy_score(as_bool(ans[TARGET], "answer"), as_bool(sub[TARGET], "submission"))
