"""Raw files laid out like tabular-playground-series-may-2022's download.

Noise process: scikit-learn's ``make_classification`` (seed 0): 12 informative, 4 redundant and
4 noise features, 2 clusters per class, 3% of labels flipped at random; two features pass through
a nonlinearity (product and sine) so trees beat linear models.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification

from mlebench.offline.common import write_csv

N_TRAIN, N_TEST = 6000, 2000


def generate(raw: Path) -> None:
    x, y = make_classification(
        n_samples=N_TRAIN + N_TEST, n_features=20, n_informative=12, n_redundant=4,
        n_clusters_per_class=2, flip_y=0.03, class_sep=0.8, random_state=0,
    )
    x[:, 0] = x[:, 0] * x[:, 1]
    x[:, 2] = np.sin(2 * x[:, 2])
    cols = [f"f_{i:02d}" for i in range(20)]
    df = pd.DataFrame(x, columns=cols)
    df.insert(0, "id", np.arange(len(df)))
    df["target"] = y
    write_csv(df.iloc[:N_TRAIN], raw / "train.csv")
    # Kaggle's own test set ships without labels; like v1 we never use it for grading.
    write_csv(df.iloc[N_TRAIN:].drop(columns="target"), raw / "test.csv")
    write_csv(pd.DataFrame({"id": df["id"].iloc[N_TRAIN:], "target": 0.5}), raw / "sample_submission.csv")
