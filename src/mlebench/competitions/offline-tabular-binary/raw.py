"""Raw files laid out like tabular-playground-series-may-2022's download.

Noise process: scikit-learn's ``make_classification`` (seed 0): 12 informative, 4 redundant and
4 noise features, 2 clusters per class, 3% of labels flipped at random; two features pass through
a nonlinearity (product and sine) so trees beat linear models.

``ceiling`` gives each row its true class log-odds: the Gaussian clusters' posterior at the row's
informative features (the label flips do not change the order).
"""

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.datasets import make_classification
from sklearn.datasets._samples_generator import _generate_hypercube
from sklearn.utils import check_random_state

from mlebench.offline.common import write_csv

N_TRAIN, N_TEST = 6000, 2000
PROCESS = dict(n_samples=N_TRAIN + N_TEST, n_features=20, n_informative=12, n_redundant=4,
               n_clusters_per_class=2, flip_y=0.03, class_sep=0.8, random_state=0)


def generate(raw: Path) -> None:
    x, y = make_classification(**PROCESS)
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


def _clusters(unshuffled: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The four clusters' centres and mixing matrices (cluster k has class k % 2, 2000 rows each),
    drawn again in make_classification's own order; checked against its ``unshuffled`` features."""
    k_inf, n = PROCESS["n_informative"], PROCESS["n_samples"]
    g = check_random_state(PROCESS["random_state"])
    sep = PROCESS["class_sep"]
    centres = _generate_hypercube(4, k_inf, g).astype(float) * 2 * sep - sep
    z = g.standard_normal(size=(n, k_inf))
    mixing = [2 * g.uniform(size=(k_inf, k_inf)) - 1 for _ in range(4)]
    redrawn = np.vstack([z[k * n // 4 : (k + 1) * n // 4] @ a + c for k, (a, c) in enumerate(zip(mixing, centres))])
    assert np.allclose(redrawn, unshuffled[:, :k_inf]), "make_classification draws in another order"
    return centres, mixing


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """Every row's true class log-odds given its public features: the clean class's posterior under the
    four equally likely Gaussian clusters at the row's informative features. The product and the sine
    fall on a noise and a redundant column, so every informative feature is public as drawn: this is the
    Bayes-optimal prediction. The 3% random label flips make the true P(target = 1) equal to
    0.97 * posterior + 0.015, an increasing function of these log-odds, so AUC (which only ranks) scores
    both alike; the log-odds are submitted because the probability rounds to exactly 1.0 in floating point
    for about a fifth of the rows, which would tie rows the posterior orders."""
    bunch = make_classification(**PROCESS, return_X_y=False)
    unshuffled, _ = make_classification(**PROCESS, shuffle=False)
    k_inf = PROCESS["n_informative"]
    informative = [i for i, kind in enumerate(bunch.feature_info) if kind == "informative"]
    assert not {0, 2} & set(informative), "generate() transforms an informative column"
    # shuffling permutes rows and columns: a column keeps its sorted values, which name its origin
    origin = {tuple(np.sort(unshuffled[:, j])): j for j in range(k_inf)}
    order = sorted(informative, key=lambda i: origin[tuple(np.sort(bunch.X[:, i]))])
    x = bunch.X[:, order]
    centres, mixing = _clusters(unshuffled)
    log_density = np.column_stack([multivariate_normal(c, a.T @ a).logpdf(x) for c, a in zip(centres, mixing)])
    log_odds = logsumexp(log_density[:, 1::2], axis=1) - logsumexp(log_density[:, 0::2], axis=1)
    return pd.DataFrame({"id": np.arange(len(x)), "target": log_odds})
