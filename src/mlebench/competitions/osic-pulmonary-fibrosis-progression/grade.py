"""Modified Laplace log likelihood on each test patient's last three measured weeks.

The submission must hold one row per ``Patient_Week`` of the answers (every test patient, every
week of the test range); only the rows of each patient's three latest measured visits are scored,
as in v1. v1 also accepted submissions with rows missing (scoring only those present) and filled a
blank Confidence with 0; here missing rows and blanks are invalid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading.metrics import modified_laplace_log_likelihood
from mlebench.grading.submission import align

ID, TARGETS = "Patient_Week", ["FVC", "Confidence"]


def scored_rows(answers: pd.DataFrame) -> np.ndarray:
    """Boolean mask of the answer rows that count: each patient's three latest measured weeks."""
    measured = answers[answers["FVC"].notna()]
    latest = measured.sort_values("Weeks").groupby("Patient").tail(3)
    mask = np.zeros(len(answers), dtype=bool)
    mask[answers.index.get_indexer(latest.index)] = True
    return mask


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=TARGETS, numeric=True)
    mask = scored_rows(ans)
    pred = sub[TARGETS].to_numpy(dtype=float)[mask]
    return modified_laplace_log_likelihood(ans["FVC"].to_numpy(dtype=float)[mask], pred)


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """The measured FVCs with the most confident Confidence that counts (70); unmeasured weeks 2000."""
    return pd.DataFrame({ID: answers[ID], "FVC": answers["FVC"].fillna(2000.0), "Confidence": 70.0})
