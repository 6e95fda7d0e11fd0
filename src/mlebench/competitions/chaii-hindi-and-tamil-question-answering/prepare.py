"""v1's recipe: Kaggle's labelled ``train.csv`` is split 90/10 (random_state=0) into a new train and test.

Public: ``train.csv`` (id, context, question, answer_text, answer_start, language), ``test.csv``
(the same without answer_text and answer_start) and ``sample_submission.csv`` (id,
PredictionString = "dummy text"). Private: ``test.csv`` (id, PredictionString = the answer text).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    questions = pd.read_csv(raw / "train.csv")
    train, test = train_test_split(questions, test_size=TEST_SIZE, random_state=SEED)
    answers = test[["id", "answer_text"]].rename(columns={"answer_text": "PredictionString"})
    sample = answers.assign(PredictionString="dummy text")

    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["answer_start", "answer_text"]).to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    assert len(sample) == len(answers) and len(train) + len(answers) == len(questions)
