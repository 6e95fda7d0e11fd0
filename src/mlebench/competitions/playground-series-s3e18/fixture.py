"""Raw files laid out like Kaggle's playground-series-s3e18 download (tiny and synthetic).

Only ``train.csv`` is read by preparation: an integer ``id``, Kaggle's 31 molecular descriptor
columns (floats; counts such as ``NumHeteroatoms`` and ``fr_COO`` as integers) and the six
binary targets ``EC1``-``EC6``.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N = 200
DESCRIPTORS = [
    "BertzCT", "Chi1", "Chi1n", "Chi1v", "Chi2n", "Chi2v", "Chi3v", "Chi4n", "EState_VSA1", "EState_VSA2",
    "ExactMolWt", "FpDensityMorgan1", "FpDensityMorgan2", "FpDensityMorgan3", "HallKierAlpha",
    "HeavyAtomMolWt", "Kappa3", "MaxAbsEStateIndex", "MinEStateIndex", "NumHeteroatoms", "PEOE_VSA10",
    "PEOE_VSA14", "PEOE_VSA6", "PEOE_VSA7", "PEOE_VSA8", "SMR_VSA10", "SMR_VSA5", "SlogP_VSA3",
    "VSA_EState9", "fr_COO", "fr_COO2",
]
COUNTS = {"NumHeteroatoms", "fr_COO", "fr_COO2"}
TARGET_RATES = [0.67, 0.8, 0.14, 0.13, 0.1, 0.15]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(3018)
    df = pd.DataFrame({"id": np.arange(N)})
    for c in DESCRIPTORS:
        if c in COUNTS:
            df[c] = rng.integers(0, 12, N)
        else:
            df[c] = (rng.gamma(2.0, 20.0, N) * rng.choice([-1, 1], N, p=[0.1, 0.9])).round(6)
    signal = df["BertzCT"].rank(pct=True).to_numpy()
    for i, rate in enumerate(TARGET_RATES, start=1):
        p = np.clip(rate + (0.3 * (signal - 0.5) if i <= 2 else 0.0), 0, 1)
        df[f"EC{i}"] = (rng.random(N) < p).astype(int)
    df.to_csv(raw / "train.csv", index=False)
