"""Mean of the two targets' RMSLE (v1's metric; rows matched by id, not by position as in v1)."""

import pandas as pd

from mlebench.grading.metrics import mean_column_wise_rmsle
from mlebench.grading.submission import align

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=TARGETS, numeric=True)
    return mean_column_wise_rmsle(ans[TARGETS].to_numpy(), sub[TARGETS].to_numpy())
