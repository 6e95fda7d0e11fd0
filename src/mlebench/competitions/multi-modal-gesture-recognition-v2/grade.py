"""(Version 1's grader, unchanged.) Sum of the per-sample edit distances between predicted and true gesture sequences, divided by
the number of true gestures (lower is better). Each ``Sequence`` is gesture numbers separated by
spaces; as in v1, they are read as integers (``07`` is gesture 7) and anything else, a blank
included, is invalid.
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import normalized_sequence_edit_distance
from mlebench.grading.submission import align


def _gestures(cells, ids) -> list[list[int]]:
    out = []
    for sample, cell in zip(ids, cells):
        try:
            out.append([int(g) for g in str(cell).split()])
        except ValueError:
            raise InvalidSubmissionError(
                f"Sequence must be gesture numbers separated by spaces; sample {sample} has {str(cell)[:40]!r}"
            ) from None
    return out


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column="Id", target_columns=["Sequence"])
    truth = _gestures(ans["Sequence"], ans["Id"])
    return normalized_sequence_edit_distance(truth, _gestures(sub["Sequence"], sub["Id"]))
