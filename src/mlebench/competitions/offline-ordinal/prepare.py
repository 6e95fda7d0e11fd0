"""v1's recipe for the mirrored competition, with a larger test share: the graded ``train.csv`` is
split 75/25 (``random_state=0``; v1 keeps 10 %, too few essays here for a stable kappa).

Public: ``train.csv`` (essay_id, full_text, score), ``test.csv`` (essay_id, full_text) and
``sample_submission.csv`` (essay_id, score: random integers 1-6 from ``RandomState(42)``, as v1).
Private: ``answers.csv`` (essay_id, full_text, score). Kaggle's own test essays are not used.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import split, write_csv

TEST_SIZE = 0.25
SAMPLE_SEED = 42


def prepare(raw: Path, public: Path, private: Path) -> None:
    essays = pd.read_csv(raw / "train.csv", dtype={"essay_id": str}, keep_default_na=False)
    train, answers = split(essays, test_size=TEST_SIZE)
    sample = answers[["essay_id"]].assign(score=np.random.RandomState(SAMPLE_SEED).randint(1, 7, size=len(answers)))
    write_csv(train, public / "train.csv")
    write_csv(answers.drop(columns="score"), public / "test.csv")
    write_csv(sample, public / "sample_submission.csv")
    write_csv(answers, private / "answers.csv")
