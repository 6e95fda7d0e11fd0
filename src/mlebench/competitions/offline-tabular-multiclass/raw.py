"""Raw files laid out like tabular-playground-series-dec-2021's download (a synthetic Forest Cover Type).

Noise process (all seeded, seed 0):
- scikit-learn's ``make_classification``: 7 classes with imbalanced priors like Kaggle's (class 2
  most common, then 1, 3, 7, 6, 4, 5), 8 informative + 2 redundant features, 2 clusters per
  class, 4% of labels flipped at random.
- The 10 numeric columns are those features pushed through monotone or periodic maps to look like
  the real terrain columns (``Elevation`` in metres, ``Aspect`` in degrees wrapping at 360,
  hillshades clipped to 0..255, distances via ``exp``), then rounded to integers.
- ``Wilderness_Area1..4`` and ``Soil_Type1..40`` are one-hot columns drawn from class-dependent
  categorical distributions (informative but overlapping); 3% of rows get a second soil flag at
  random and ``Soil_Type7``/``Soil_Type15`` are always 0, as in Kaggle's data.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification

from mlebench.offline.common import write_csv

N_TRAIN, N_TEST = 15000, 1500
# priors of Cover_Type 1..7 (Kaggle's synthetic data is dominated by 2 and 1)
PRIORS = [0.36, 0.54, 0.055, 0.004, 0.003, 0.013, 0.025]

NUMERIC = [
    "Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology", "Vertical_Distance_To_Hydrology",
    "Horizontal_Distance_To_Roadways", "Hillshade_9am", "Hillshade_Noon", "Hillshade_3pm",
    "Horizontal_Distance_To_Fire_Points",
]


def _terrain(x: np.ndarray) -> pd.DataFrame:
    """Map standard-normal-ish features onto terrain-like integer columns."""
    cols = {
        "Elevation": 2950 + 260 * x[:, 0],
        "Aspect": np.mod(160 + 70 * x[:, 1], 360),
        "Slope": np.clip(14 + 6 * x[:, 2], 0, 64),
        "Horizontal_Distance_To_Hydrology": np.exp(5.2 + 0.6 * x[:, 3]),
        "Vertical_Distance_To_Hydrology": 50 + 55 * x[:, 4],
        "Horizontal_Distance_To_Roadways": np.exp(7.2 + 0.5 * x[:, 5]),
        "Hillshade_9am": np.clip(212 + 25 * x[:, 6], 0, 255),
        "Hillshade_Noon": np.clip(222 + 18 * x[:, 7], 0, 255),
        "Hillshade_3pm": np.clip(140 + 35 * x[:, 8], 0, 255),
        "Horizontal_Distance_To_Fire_Points": np.exp(7.0 + 0.55 * x[:, 9]),
    }
    return pd.DataFrame({k: np.round(v).astype(np.int64) for k, v in cols.items()})


def _one_hot(codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((len(codes), n), dtype=np.int64)
    out[np.arange(len(codes)), codes] = 1
    return out


def _frame(a: np.ndarray, prefix: str) -> pd.DataFrame:
    return pd.DataFrame(a, columns=[f"{prefix}{i + 1}" for i in range(a.shape[1])])


MAKE_CLASSIFICATION = dict(n_features=10, n_informative=8, n_redundant=2, n_classes=7, n_clusters_per_class=2,
                           weights=PRIORS, flip_y=0.04, class_sep=1.0, shuffle=True, random_state=0)


def _simulate() -> tuple[pd.DataFrame, dict]:
    """Every row as written (train and Kaggle's test) and the truth behind it: the latent features
    ``x`` (before the terrain maps), the observed label's area and soil profiles and codes."""
    n = N_TRAIN + N_TEST
    x, y = make_classification(n_samples=n, **MAKE_CLASSIFICATION)
    cover = y + 1
    r = np.random.default_rng(0)
    # class-dependent categorical draws: each class favours a few areas / soils (Dirichlet profiles)
    area_prof = r.dirichlet(np.full(4, 0.7), size=7)
    soil_prof = r.dirichlet(np.full(40, 0.15), size=7)
    soil_prof[:, [6, 14]] = 0  # Soil_Type7 and Soil_Type15 never occur
    soil_prof /= soil_prof.sum(axis=1, keepdims=True)
    u = r.random((n, 2))
    area = (u[:, :1] > np.cumsum(area_prof[y], axis=1)).sum(axis=1).clip(max=3)
    soil = (u[:, 1:] > np.cumsum(soil_prof[y], axis=1)).sum(axis=1).clip(max=39)
    soils = _one_hot(soil, 40)
    extra = r.random(n) < 0.03
    second = r.choice([i for i in range(40) if i not in (6, 14)], size=n)
    soils[extra, second[extra]] = 1
    df = pd.concat([_terrain(x), _frame(_one_hot(area, 4), "Wilderness_Area"), _frame(soils, "Soil_Type")], axis=1)
    df.insert(0, "Id", np.arange(n))
    df["Cover_Type"] = cover
    return df, {"x": x, "area": area, "soil": soil, "area_prof": area_prof, "soil_prof": soil_prof}


def generate(raw: Path) -> None:
    df, _ = _simulate()
    write_csv(df.iloc[:N_TRAIN], raw / "train.csv")
    # Kaggle's own test set ships without labels; like v1 we never use it for grading.
    write_csv(df.iloc[N_TRAIN:].drop(columns="Cover_Type"), raw / "test.csv")
    write_csv(pd.DataFrame({"Id": df["Id"].iloc[N_TRAIN:], "Cover_Type": 2}), raw / "sample_submission.csv")


def _clusters(n: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray, np.ndarray]:
    """make_classification's hidden cluster parameters for ``n`` samples, by replaying its random
    draws (scikit-learn 1.9's order; ``ceiling`` checks the replay): each cluster's size, its centre
    (a hypercube vertex), its mixing matrix A (points are ``N(0, I) A + centre``), the matrix that
    makes the 2 redundant features from the 8 informative ones and the feature permutation
    ``order`` (written column i is the generator's column ``order[i]``)."""
    from sklearn.datasets._samples_generator import _generate_hypercube

    k, p, classes = MAKE_CLASSIFICATION["n_classes"] * 2, MAKE_CLASSIFICATION["n_informative"], 7
    sizes = np.array([int(n * PRIORS[c % classes] / 2) for c in range(k)])
    sizes[np.arange(n - sizes.sum()) % k] += 1
    rng = np.random.RandomState(0)
    centres = _generate_hypercube(k, p, rng).astype(float) * 2 - 1  # class_sep 1
    rng.standard_normal(size=(n, p))
    mixing = [2 * rng.uniform(size=(p, p)) - 1 for _ in range(k)]
    redundant = 2 * rng.uniform(size=(p, 2)) - 1
    flipped = rng.uniform(size=n) < MAKE_CLASSIFICATION["flip_y"]
    rng.randint(classes, size=flipped.sum())
    rng.permutation(n)  # the rows' shuffle
    order = np.arange(10)
    rng.shuffle(order)
    return sizes, centres, mixing, redundant, order


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The Bayes-optimal class of each test row given the generator's latent features (before the
    terrain maps round, wrap and clip them) and its true area and soil: the posterior over the
    14 Gaussian clusters, through the 4 % label flips, times the observed class's area and soil
    profiles."""
    df, truth = _simulate()
    n, classes = len(df), 7
    sizes, centres, mixing, redundant, order = _clusters(n)
    latent = np.empty_like(truth["x"])
    latent[:, order] = truth["x"]
    informative = latent[:, :MAKE_CLASSIFICATION["n_informative"]]
    assert np.allclose(informative @ redundant, latent[:, 8:]), "make_classification's draws were not replayed"
    log_density = np.column_stack([
        -0.5 * (((informative - c) @ np.linalg.inv(a)) ** 2).sum(axis=1) - np.log(abs(np.linalg.det(a))) + np.log(s)
        for s, c, a in zip(sizes, centres, mixing)])
    cluster = np.exp(log_density - log_density.max(axis=1, keepdims=True))
    flip = np.full((len(sizes), classes), MAKE_CLASSIFICATION["flip_y"] / classes)
    flip[np.arange(len(sizes)), np.arange(len(sizes)) % classes] += 1 - MAKE_CLASSIFICATION["flip_y"]
    posterior = (cluster @ flip) * truth["area_prof"][:, truth["area"]].T * truth["soil_prof"][:, truth["soil"]].T
    ids = answers["Id"].to_numpy()
    return pd.DataFrame({"Id": ids, "Cover_Type": posterior[ids].argmax(axis=1) + 1})
