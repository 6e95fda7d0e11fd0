"""Raw files laid out like Kaggle's us-patent-phrase-to-phrase-matching download (tiny and synthetic).

``train.csv`` (id, anchor, target, context, score), ``test.csv`` (id, anchor, target, context) and
``sample_submission.csv`` (id, score); ids are 16 hex digits, contexts CPC codes such as ``A47``,
scores multiples of 0.25 in [0, 1].
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN, N_TEST = 60, 6
WORDS = ["gear", "shaft", "valve", "pump", "sensor", "signal", "layer", "film", "coil", "motor", "fluid", "seal"]
CONTEXTS = ["A47", "B60", "C07", "F16", "G06", "H01", "H04"]


def _rows(rng: np.random.Generator, n: int) -> pd.DataFrame:
    ids = [f"{rng.integers(0, 2**63):016x}" for _ in range(n)]
    anchor = [" ".join(rng.choice(WORDS, size=2)) for _ in range(n)]
    target = [" ".join(rng.choice(WORDS, size=int(rng.integers(1, 4)))) for _ in range(n)]
    context = rng.choice(CONTEXTS, size=n)
    return pd.DataFrame({"id": ids, "anchor": anchor, "target": target, "context": context})


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(71)
    train = _rows(rng, N_TRAIN)
    train["score"] = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], size=N_TRAIN)
    train.to_csv(raw / "train.csv", index=False)
    test = _rows(rng, N_TEST)
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(score=0).to_csv(raw / "sample_submission.csv", index=False)
