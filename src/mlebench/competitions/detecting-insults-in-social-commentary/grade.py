"""ROC AUC of the predicted probability of an insult (v1's grader: rows matched by Comment text).

The comment text is the only key v1 gives a test row. Should the same text occur more than once,
each copy must appear as often as in the test set and all copies get the mean of their
predictions (the text is the model's only input, so they cannot be told apart). The optional
``Date`` column of the sample submission is accepted and ignored.
"""

from __future__ import annotations

import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import roc_auc_score
from mlebench.grading.submission import _preview, check_blank_ids, check_columns

ID, TARGET, OPTIONAL = "Comment", "Insult", ["Date"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_columns(submission, [ID, TARGET], allow_extra=True)
    extra = [c for c in submission.columns if c not in (ID, TARGET, *OPTIONAL)]
    if extra:
        raise InvalidSubmissionError(f"unexpected column(s): {_preview(extra)}; expected Insult, Date, Comment")
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, [ID])

    pred = pd.to_numeric(submission[TARGET], errors="coerce")
    bad = submission[TARGET][pred.isna()]
    if len(bad):
        raise InvalidSubmissionError(f"column 'Insult' must hold numbers; found {len(bad)} missing or non-numeric: {_preview(bad.unique())}")
    if pred.min() < 0 or pred.max() > 1:
        raise InvalidSubmissionError(f"'Insult' must hold probabilities in [0, 1]; found [{pred.min():.4g}, {pred.max():.4g}]")

    sub_key = submission[ID].astype(str)
    ans_key = answers[ID].astype(str)
    have, want = sub_key.value_counts(), ans_key.value_counts()
    counts = pd.concat([have.rename("have"), want.rename("want")], axis=1).fillna(0)
    missing = counts[counts["have"] < counts["want"]].index
    if len(missing):
        raise InvalidSubmissionError(
            f"{len(missing)} comment(s) of the test set are missing from the submission "
            f"(expected {len(ans_key)} rows, got {len(sub_key)}): {_preview(missing)}"
        )
    extra_rows = counts[counts["have"] > counts["want"]]
    if len(extra_rows):
        unknown = extra_rows[extra_rows["want"] == 0].index
        what = "not in the test set" if len(unknown) == len(extra_rows) else "duplicated or not in the test set"
        raise InvalidSubmissionError(f"{len(extra_rows)} comment(s) in the submission are {what}: {_preview(extra_rows.index)}")

    mean_pred = pred.groupby(sub_key.to_numpy()).mean()
    return roc_auc_score(answers[TARGET].to_numpy(), mean_pred.reindex(ans_key.to_numpy()).to_numpy())
