"""Multi-class log loss over the three authors (v1's grader; rows matched by id).

As in v1, each row must be a probability distribution: values in [0, 1] summing to 1 (within
1e-6). The loss is scikit-learn's, which clips probabilities away from 0 and 1.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.submission import align

CLASSES = ["EAP", "HPL", "MWS"]
TOLERANCE = 1e-6


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=CLASSES, numeric=True)
    p = sub[CLASSES].to_numpy(dtype=float)
    if p.min() < 0 or p.max() > 1:
        raise InvalidSubmissionError(f"probabilities must lie in [0, 1]; found [{p.min():.4g}, {p.max():.4g}]")
    off = ~np.isclose(p.sum(axis=1), 1, atol=TOLERANCE)
    if off.any():
        ids = sub.loc[off, "id"].astype(str).tolist()
        raise InvalidSubmissionError(
            f"{int(off.sum())} row(s) do not sum to 1 (each row is a probability distribution over "
            f"{', '.join(CLASSES)}): {', '.join(ids[:5])}"
        )
    return float(log_loss(ans[CLASSES].to_numpy(), p))
