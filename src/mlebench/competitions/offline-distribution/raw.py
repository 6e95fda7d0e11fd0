"""Raw files laid out like hms-harmful-brain-activity-classification's download, reduced to tables.

``train.csv`` (one row per labelled EEG window: ``eeg_id``, ``patient_id``, twelve band-power
features, ``expert_consensus`` and the six ``*_vote`` counts), ``test.csv`` (ids and features) and
``sample_submission.csv``. Instead of raw EEG files each window comes with summary features.

Generating process (numpy seed 0):
- a latent class c of six (the brain-activity pattern), prior ``PRIOR``;
- a latent point z in R^8 drawn from N(mu_c, I) (means ``MEANS``, scale 1.1);
- the twelve public features: z rotated by a fixed orthogonal matrix, each coordinate passed
  through a monotone map (exp, cube, sinh, arctan, …), plus four pure-noise features; every map is
  invertible, so the public features hold exactly what z holds about c;
- a hidden clarity k ~ Beta(4, 2) per window and 1 + Poisson(5) experts; each expert votes c with
  probability k, else a class drawn from the confusion row ``CONFUSION[c]``.

Bayes-optimal prediction (what ``expected_votes`` returns): the expected vote share given the
features, sum_c P(c | z) (m e_c + (1 - m) CONFUSION[c]) with m = E[k] = 2/3; nothing else in the
data predicts the votes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import logsumexp
from scipy.stats import ortho_group

from mlebench.offline.common import write_csv

N_ROWS = 8000
CLASSES = ["seizure", "lpd", "gpd", "lrda", "grda", "other"]
VOTES = [f"{c}_vote" for c in CLASSES]
FEATURES = [f"{region}_{band}" for region in ("LL", "RL", "LP", "RP") for band in ("delta", "theta", "alpha")]
PRIOR = np.array([0.12, 0.14, 0.14, 0.12, 0.13, 0.35])
LATENT, SCALE, CLARITY = 8, 1.1, (4.0, 2.0)


def _process() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fixed parameters: class means (6, 8), confusion rows (6, 6), rotation (8, 8)."""
    r = np.random.default_rng(12345)
    means = r.normal(0, 1.0, size=(len(CLASSES), LATENT))
    confusion = r.dirichlet(np.full(len(CLASSES), 0.7), size=len(CLASSES))
    np.fill_diagonal(confusion, 0)
    confusion /= confusion.sum(axis=1, keepdims=True)
    rotation = ortho_group.rvs(LATENT, random_state=7)
    return means, confusion, rotation


def _observe(z: np.ndarray, rotation: np.ndarray, r: np.random.Generator) -> np.ndarray:
    u = z @ rotation
    maps = [np.exp, lambda v: v ** 3, np.sinh, np.arctan, lambda v: v, lambda v: np.exp(v / 2) + v,
            lambda v: np.tanh(v / 2) * 3, lambda v: v * np.abs(v)]
    informative = np.column_stack([m(u[:, j]) for j, m in enumerate(maps)])
    noise = r.normal(0, 1, size=(len(z), len(FEATURES) - LATENT))
    return np.hstack([informative, noise])


def expected_votes(z: np.ndarray) -> np.ndarray:
    """E[vote shares | z] (n, 6): the Bayes-optimal prediction for the KL divergence."""
    means, confusion, _ = _process()
    loglik = -0.5 * (((z[:, None, :] - means[None, :, :]) / SCALE) ** 2).sum(axis=2) + np.log(PRIOR)
    posterior = np.exp(loglik - logsumexp(loglik, axis=1, keepdims=True))
    m = CLARITY[0] / sum(CLARITY)
    return posterior @ (m * np.eye(len(CLASSES)) + (1 - m) * confusion)


def simulate() -> tuple[pd.DataFrame, np.ndarray]:
    """Every window (the table of ``train.csv``) and its latent point z."""
    means, confusion, rotation = _process()
    r = np.random.default_rng(0)
    c = r.choice(len(CLASSES), size=N_ROWS, p=PRIOR)
    z = means[c] + SCALE * r.normal(size=(N_ROWS, LATENT))
    x = _observe(z, rotation, r)
    clarity = r.beta(*CLARITY, size=N_ROWS)
    n_experts = 1 + r.poisson(5, size=N_ROWS)
    votes = np.zeros((N_ROWS, len(CLASSES)), dtype=int)
    for i in range(N_ROWS):
        own = r.random(n_experts[i]) < clarity[i]
        other = r.choice(len(CLASSES), size=n_experts[i], p=confusion[c[i]])
        votes[i] = np.bincount(np.where(own, c[i], other), minlength=len(CLASSES))
    eeg_ids = r.choice(np.arange(10**8, 10**9), size=N_ROWS, replace=False)
    frame = pd.DataFrame({"eeg_id": eeg_ids, "patient_id": r.integers(10000, 65000, size=N_ROWS)})
    frame[FEATURES] = x
    # ties go to the first class in CLASSES order (np.argmax), as a consensus must name one class
    frame["expert_consensus"] = np.asarray([c.upper() if c in ("lpd", "gpd", "lrda", "grda") else c.capitalize()
                                            for c in CLASSES])[votes.argmax(axis=1)]
    frame[VOTES] = votes
    return frame, z


def generate(raw: Path) -> None:
    frame, _ = simulate()
    write_csv(frame, raw / "train.csv")
    # Kaggle's own test set ships without labels; like v1 we never use it for grading.
    test = frame.iloc[:3][["eeg_id", "patient_id", *FEATURES]]
    write_csv(test, raw / "test.csv")
    write_csv(test[["eeg_id"]].assign(**{v: 1 / 6 for v in VOTES}), raw / "sample_submission.csv")
