"""What the grid-shaped reference panels of offline-ordinal, offline-pairwise-preference,
offline-binary-events and offline-keyword-sets share: the training shares a recipe may use and
the check that a panel is big enough and its names unique. Loaded with ``load_competition_module``."""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_ENTRIES = 100
FRACTIONS = {"5pct": 0.05, "20pct": 0.2, "all": 1.0}  # name in the recipe -> share of the training rows


def first_share(train: pd.DataFrame, fraction: float, *, groups: pd.Series | None = None) -> pd.DataFrame:
    """The first ``fraction`` of the rows (or of the ``groups``, e.g. plays) of one fixed shuffle
    (seed 0), kept in their original order."""
    keys = np.arange(len(train)) if groups is None else np.asarray(pd.unique(groups))
    order = np.random.default_rng(0).permutation(len(keys))
    chosen = keys[np.sort(order[: int(round(fraction * len(keys)))])]
    keep = chosen if groups is None else np.flatnonzero(np.isin(groups, chosen))
    return train.iloc[keep].reset_index(drop=True)


def checked(panel: list) -> list:
    """``panel`` itself, once it holds at least MIN_ENTRIES solutions with distinct names."""
    names = [name for name, _ in panel]
    assert len(names) >= MIN_ENTRIES, f"{len(names)} reference solutions, need {MIN_ENTRIES}"
    assert len(set(names)) == len(names), sorted(n for n in set(names) if names.count(n) > 1)
    return panel
