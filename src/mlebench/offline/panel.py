"""What every offline reference panel shares: the solution type and the model factories.

A competition's ``reference.py`` keeps only what is its own (reading its files, its features, its
trivial baselines) and its list of solutions; the builder (``mlebench.offline.reference``) runs
each on one BLAS/OpenMP thread. A model factory is a zero-argument callable returning an unfitted
scikit-learn estimator, so that every solution fits a fresh model with a fixed ``random_state``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

Solution = Callable[[Path], pd.DataFrame]
"""A reference solution: the public folder in, a submission out (deterministic)."""

Factory = Callable[[], Any]


def scaled(estimator: Any, *, impute: bool = False) -> Factory:
    """``estimator`` behind a StandardScaler (and a median imputer first with ``impute``); each call fits a
    fresh clone of ``estimator``, never the instance given (two fitted models never share one)."""
    from sklearn.base import clone
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if impute:
        from sklearn.impute import SimpleImputer

        return lambda: make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), clone(estimator))
    return lambda: make_pipeline(StandardScaler(), clone(estimator))


def hgb_classifier(**options: Any) -> Factory:
    """Histogram gradient boosting, without early stopping (no random validation split), seed 0."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0, **options)


def hgb_regressor(**options: Any) -> Factory:
    """Histogram gradient boosting regression, without early stopping, seed 0."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    return lambda: HistGradientBoostingRegressor(early_stopping=False, random_state=0, **options)


def grid(prefix: str, build: Callable[..., Solution], **axes: Sequence[Any]) -> list[tuple[str, Solution]]:
    """Every combination of ``axes`` as a named solution: ``build(**combination)``.

    Names are ``prefix-<key><value>-...`` in the order the axes are given, e.g.
    ``grid("hgb", make, lr=(0.05, 0.1), leaves=(15,))`` gives ``hgb-lr0.05-leaves15`` and
    ``hgb-lr0.1-leaves15``. A value's text is ``str(value)`` (a list or a tuple: its items joined by
    ``+``); a key given as ``_name`` puts only the value in the name (``hgb-raw`` for ``_cols="raw"``).
    """
    keys = list(axes)
    out = []
    for values in itertools.product(*(axes[k] for k in keys)):
        parts = [("" if k.startswith("_") else k) + _text(v) for k, v in zip(keys, values)]
        out.append(("-".join([prefix, *parts]), build(**{k.lstrip("_"): v for k, v in zip(keys, values)})))
    return out


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "+".join(_text(v) for v in value)
    return str(value)


def rows(n: int, fraction: float, seed: int = 0) -> np.ndarray:
    """A deterministic sorted subset of ``range(n)``: ``fraction`` of it (all of it at 1), by ``seed``."""
    if fraction >= 1:
        return np.arange(n)
    keep = max(2, int(round(n * fraction)))
    return np.sort(np.random.default_rng(seed).permutation(n)[:keep])


def memo(solution: Callable[[Path], Any]) -> Callable[[Path], Any]:
    """``solution`` computed once per public folder (blends reuse their parts' results); a
    DataFrame result is handed out as a copy."""
    cache: dict[Path, Any] = {}

    def run(public: Path) -> Any:
        if public not in cache:
            cache.clear()  # one competition at a time: keep only the latest folder's result
            cache[public] = solution(public)
        value = cache[public]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    return run


def blend(parts: Sequence[Solution], weights: Sequence[float] | None = None, *, ranks: bool = False) -> Solution:
    """The weighted mean of the parts' submissions, column by column (the first column is the id).

    Every part must return the same ids in the same order. With ``ranks`` each column is replaced
    by its rank scaled to 0..1 first (a rank average: for AUC-like metrics, where scales differ).
    """
    w = np.ones(len(parts)) if weights is None else np.asarray(weights, dtype=float)
    w = w / w.sum()

    def run(public: Path) -> pd.DataFrame:
        subs = [part(public) for part in parts]
        first = subs[0]
        for other in subs[1:]:
            if not first.iloc[:, 0].equals(other.iloc[:, 0]):
                raise ValueError("blend: the parts' submissions have different ids or a different row order")
        out = first.copy()
        for col in first.columns[1:]:
            stack = np.column_stack([s[col].to_numpy(dtype=float) for s in subs])
            if ranks:
                stack = (stack.argsort(axis=0).argsort(axis=0) + 0.5) / len(stack)
            out[col] = stack @ w
        return out

    return run


__all__ = ["Factory", "Solution", "blend", "grid", "hgb_classifier", "hgb_regressor", "memo", "rows", "scaled"]
