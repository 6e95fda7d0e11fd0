"""v1's recipe for the mirrored competition, with a larger test share: the voted ``train.csv`` is
split 75/25 (``random_state=0``; v1 keeps 10 %, too few battles here for a stable log loss).

Public: ``train.csv`` (every column), ``test.csv`` (id, prompt, response_a, response_b) and
``sample_submission.csv`` (id and the three winner columns, each 1/3).
Private: ``answers.csv`` (every column of the test battles, one-hot winner columns included).
"""

from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv

TEST_SIZE = 0.25
CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    battles = pd.read_csv(raw / "train.csv", keep_default_na=False)
    train, answers = split(battles, test_size=TEST_SIZE)
    write_csv(train, public / "train.csv")
    write_csv(answers[["id", "prompt", "response_a", "response_b"]], public / "test.csv")
    write_csv(answers[["id"]].assign(**{c: 1 / 3 for c in CLASSES}), public / "sample_submission.csv",
              float_format="%.15g")
    write_csv(answers, private / "answers.csv")
