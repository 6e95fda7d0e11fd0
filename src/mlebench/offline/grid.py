"""What the grid-shaped reference panels of offline-ordinal, offline-pairwise-preference,
offline-binary-events and offline-keyword-sets share: the training shares a recipe may use and
the check that a panel is big enough and its names unique."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.offline.panel import rows

MIN_ENTRIES = 100
FRACTIONS = {"5pct": 0.05, "20pct": 0.2, "all": 1.0}  # name in the recipe -> share of the training rows


def first_share(train: pd.DataFrame, fraction: float, *, groups: pd.Series | None = None) -> pd.DataFrame:
    """``panel.rows``' share of the rows (or of the ``groups``, e.g. plays: all their rows), kept
    in their original order."""
    if groups is None:
        return train.iloc[rows(len(train), fraction)].reset_index(drop=True)
    keys = np.asarray(pd.unique(groups))
    keep = np.flatnonzero(np.isin(groups, keys[rows(len(keys), fraction)]))
    return train.iloc[keep].reset_index(drop=True)


def checked(panel: list) -> list:
    """``panel`` itself, once it holds at least MIN_ENTRIES solutions with distinct names."""
    names = [name for name, _ in panel]
    assert len(names) >= MIN_ENTRIES, f"{len(names)} reference solutions, need {MIN_ENTRIES}"
    assert len(set(names)) == len(names), sorted(n for n in set(names) if names.count(n) > 1)
    return panel
