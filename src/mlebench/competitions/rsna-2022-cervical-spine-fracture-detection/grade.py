"""RSNA 2022 cervical spine fractures: v1's weighted multi-label log loss over studies.

The submission is long: one row per ``<StudyInstanceUID>_<prediction_type>`` (``row_id``) with a
fracture probability ``fractured``, eight rows per study (``patient_overall``, ``C1`` .. ``C7``).
Rows are matched to the answers by ``row_id`` (every id exactly once, nothing else), values must be
numbers in [0, 1]; the answers' own ``StudyInstanceUID`` and ``prediction_type`` columns then put
both tables back into one row per study with the eight labels as columns, scored by
``grading.metrics.weighted_multi_label_log_loss`` (weights 7 / 14 for patient_overall negative /
positive, 1 / 2 for each vertebra; clipping at 1e-15; per-study weighted mean, then the mean over
studies).
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading.metrics import weighted_multi_label_log_loss
from mlebench.grading.submission import align

ID, TARGET = "row_id", "fractured"
LABELS = ["patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]


def answers_to_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[[ID, TARGET]].copy()


def _wide(values: pd.Series, answers: pd.DataFrame):
    table = pd.DataFrame({
        "study": answers["StudyInstanceUID"].astype(str).to_numpy(),
        "label": answers["prediction_type"].astype(str).to_numpy(),
        "value": values.to_numpy(dtype=float),
    }).pivot(index="study", columns="label", values="value")
    return table.sort_index()[LABELS].to_numpy()


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=[TARGET], probabilities=True)
    return weighted_multi_label_log_loss(_wide(ans[TARGET], ans), _wide(sub[TARGET], ans))
