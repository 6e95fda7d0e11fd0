"""What every offline reference panel shares: the solution type and the model factories.

A competition's ``reference.py`` keeps only what is its own (reading its files, its features, its
trivial baselines) and its list of solutions; the builder (``mlebench.offline.reference``) runs
each on one BLAS/OpenMP thread. A model factory is a zero-argument callable returning an unfitted
scikit-learn estimator, so that every solution fits a fresh model with a fixed ``random_state``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

Solution = Callable[[Path], pd.DataFrame]
"""A reference solution: the public folder in, a submission out (deterministic)."""

Factory = Callable[[], Any]


def scaled(estimator: Any, *, impute: bool = False) -> Factory:
    """``estimator`` behind a StandardScaler (and a median imputer first with ``impute``)."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if impute:
        from sklearn.impute import SimpleImputer

        return lambda: make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), estimator)
    return lambda: make_pipeline(StandardScaler(), estimator)


def hgb_classifier(**options: Any) -> Factory:
    """Histogram gradient boosting, without early stopping (no random validation split), seed 0."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0, **options)


def hgb_regressor(**options: Any) -> Factory:
    """Histogram gradient boosting regression, without early stopping, seed 0."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    return lambda: HistGradientBoostingRegressor(early_stopping=False, random_state=0, **options)


__all__ = ["Factory", "Solution", "hgb_classifier", "hgb_regressor", "scaled"]
