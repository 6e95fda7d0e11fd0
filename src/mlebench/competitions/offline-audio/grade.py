import pandas as pd

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="clip", target_columns=["probability"], numeric=True)
    p = sub["probability"]
    if p.min() < 0 or p.max() > 1:  # v1 asks for probabilities here
        raise InvalidSubmissionError(
            f"'probability' must lie in [0, 1]; found values in [{p.min():.4g}, {p.max():.4g}]"
        )
    return roc_auc_score(ans["probability"], p)
