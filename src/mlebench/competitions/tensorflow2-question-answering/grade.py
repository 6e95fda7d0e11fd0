"""Natural Questions answers: each ``<example_id>_long`` / ``_short`` row is a prediction that is
blank, ``start:end`` token indices or (short answers) ``YES`` / ``NO``.

Each row is judged against the example's annotation: a non-blank prediction is right when it is
one of the valid answers (the long answer's span; any short answer's span, or the yes/no answer),
a blank one when the row has no valid answer. Version 1 scores the share of rows judged right
(v1's micro-F1 over 0/1 labels, which equals accuracy); version 2 (``grade_f1``) scores Kaggle's
F1 with TP = right predictions, FP = wrong predictions, FN = blanks where an answer exists.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.metrics import accuracy_score, f1_score
from mlebench.grading.submission import align

ID, TARGET = "example_id", "PredictionString"
SPAN = re.compile(r"^\s*(-?\d+)\s*:\s*(-?\d+)\s*$")


def _valid_answers(answers: list[dict]) -> pd.DataFrame:
    """One row per expected submission row: its id and the set of valid answers."""
    ids, valid = [], []
    for example in answers:
        annotation = example["annotations"][0]
        long = annotation["long_answer"]
        ids.append(f"{example['example_id']}_long")
        valid.append({(int(long["start_token"]), int(long["end_token"]))} if long["start_token"] != -1 else set())
        short = {(int(a["start_token"]), int(a["end_token"])) for a in annotation["short_answers"]}
        if annotation["yes_no_answer"] != "NONE":
            short.add(annotation["yes_no_answer"])
        ids.append(f"{example['example_id']}_short")
        valid.append(short)
    return pd.DataFrame({ID: ids, "valid": valid})


def _parse(value) -> str | tuple[int, int] | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    if text in ("YES", "NO"):
        return text
    match = SPAN.match(text)
    if match is None:
        raise InvalidSubmissionError(
            f"PredictionString must be blank, start:end token indices, YES or NO; found {text[:50]!r}"
        )
    return int(match.group(1)), int(match.group(2))


def judged(submission: pd.DataFrame, answers: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(y_true, y_pred) as v1 encodes them: y_pred 1 for a non-blank prediction; y_true 1 for a right
    non-blank prediction or for a blank one where an answer exists."""
    expected = _valid_answers(answers)
    sub, ans = align(submission, expected, id_column=ID, target_columns=[TARGET], allow_nan=True)
    preds = [_parse(v) for v in sub[TARGET].to_numpy(dtype=object)]
    y_pred = np.array([p is not None for p in preds], dtype=int)
    y_true = np.array([(p in v) if p is not None else bool(v) for p, v in zip(preds, ans["valid"])], dtype=int)
    return y_true, y_pred


def grade(submission: pd.DataFrame, answers: list[dict]) -> float:
    y_true, y_pred = judged(submission, answers)
    return accuracy_score(y_true, y_pred)


def grade_f1(submission: pd.DataFrame, answers: list[dict]) -> float:
    y_true, y_pred = judged(submission, answers)
    return f1_score(y_true, y_pred, average="binary")
