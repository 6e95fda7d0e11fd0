"""Raw files laid out like Kaggle's learning-agency-lab-automated-essay-scoring-2 download (tiny, synthetic).

``train.csv`` (essay_id, full_text, score), ``test.csv`` (essay_id, full_text) and
``sample_submission.csv`` (essay_id, score); essay ids are 7 hex digits, scores integers 1-6,
texts multi-paragraph prose (with commas, quotes and line breaks, as the real essays have).
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN, N_TEST = 60, 3
WORDS = ["cars", "people", "would", "the", "because", "driverless", "phones", "Venus", "school", "think", "facial", "should"]


def _essay(rng: np.random.Generator, score: int) -> str:
    paragraphs = []
    for _ in range(int(rng.integers(1, 4))):
        words = rng.choice(WORDS, size=int(rng.integers(8, 12) * score))
        paragraphs.append(" ".join(words).capitalize() + ', "indeed".')
    return "\n\n".join(paragraphs)


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(5)
    ids = [f"{v:07x}" for v in rng.choice(16**7, size=N_TRAIN + N_TEST, replace=False)]
    scores = rng.choice([1, 2, 3, 4, 5, 6], size=N_TRAIN, p=[0.07, 0.27, 0.36, 0.23, 0.06, 0.01])
    pd.DataFrame({"essay_id": ids[:N_TRAIN], "full_text": [_essay(rng, s) for s in scores], "score": scores}).to_csv(
        raw / "train.csv", index=False
    )
    test_ids = ids[N_TRAIN:]
    pd.DataFrame({"essay_id": test_ids, "full_text": [_essay(rng, 3) for _ in test_ids]}).to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"essay_id": test_ids, "score": 3}).to_csv(raw / "sample_submission.csv", index=False)
