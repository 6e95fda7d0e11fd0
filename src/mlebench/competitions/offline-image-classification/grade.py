import pandas as pd

from mlebench.grading._errors import InvalidSubmissionError
from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import align


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="id", target_columns=["has_cactus"], numeric=True)
    p = sub["has_cactus"]
    if p.min() < 0 or p.max() > 1:  # v1 asks for probabilities here
        raise InvalidSubmissionError(
            f"'has_cactus' must be a probability in [0, 1]; found values in [{p.min():.4g}, {p.max():.4g}]"
        )
    return roc_auc_score(ans["has_cactus"], p)
