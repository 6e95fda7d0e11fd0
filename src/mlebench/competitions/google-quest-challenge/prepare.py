"""v1's recipe: Kaggle's labelled ``train.csv`` is split 90/10 (random_state=0) into a new train and test.

``question_type_spelling`` is almost always 0, and Spearman's rho is undefined for a constant
column; when the new test set holds only one value there, v1 trades the contents of the first
test row with those of the first train row whose spelling label is not 0 (rows keep their
positions, values including qa_id move).

Public: ``train.csv`` (41 columns), ``test.csv`` (the 11 feature columns) and
``sample_submission.csv`` (qa_id and the 30 targets, each column rising evenly from 0 to 1).
Private: ``test.csv`` (qa_id and the 30 targets).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

import yaml

# the 30 targets in the order of Kaggle's sample submission (config.yaml's submission.target_columns)
CLASSES: list[str] = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]
TEST_SIZE = 0.1
SEED = 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)

    if new_test["question_type_spelling"].nunique() == 1:
        donor = new_train.index[new_train["question_type_spelling"] != 0][0]
        first_test_row = new_test.iloc[0].copy()
        new_test.iloc[0] = new_train.loc[donor].copy()
        new_train.loc[donor] = first_test_row

    public_test = new_test.drop(columns=CLASSES)
    answers = new_test[["qa_id", *CLASSES]]
    sample = answers.copy()
    sample[CLASSES] = np.tile(np.linspace(0, 1, len(sample))[:, None], (1, len(CLASSES)))

    answers.to_csv(private / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    public_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    assert public_test.shape[1] == 11 and new_train.shape[1] == 41
    assert len(new_train) + len(answers) == len(old_train)
    for column in CLASSES:
        assert answers[column].nunique() > 1, f"{column} is constant in the test answers"
