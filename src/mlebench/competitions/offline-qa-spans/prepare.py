"""v1's recipe for the mirrored competition, with a larger test share: the labelled ``train.csv`` is
split 75/25 (``random_state=0``; v1 keeps 10 %, too few questions here for a stable score).

Public: ``train.csv`` (id, context, question, answer_text, answer_start, language), ``test.csv``
(the same without answer_text and answer_start) and ``sample_submission.csv`` (id,
PredictionString = "dummy text", as v1). Private: ``test.csv`` (id, PredictionString = the
annotated answer text).
"""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv

TEST_SIZE = 0.25


def prepare(raw: Path, public: Path, private: Path) -> None:
    questions = pd.read_csv(raw / "train.csv", dtype={"id": str}, keep_default_na=False)
    train, test = split(questions, test_size=TEST_SIZE)
    answers = test[["id", "answer_text"]].rename(columns={"answer_text": "PredictionString"})
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=["answer_text", "answer_start"]), public / "test.csv")
    write_csv(answers.assign(PredictionString="dummy text"), public / "sample_submission.csv")
    write_csv(answers, private / "test.csv")
