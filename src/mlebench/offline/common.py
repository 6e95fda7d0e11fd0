"""Shared helpers for offline competitions: deterministic files and splits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SEED = 0  # the suite's one seed: the same seed gives byte-identical prepared files


def write_csv(df: pd.DataFrame, path: Path, *, float_format: str = "%.6g") -> None:
    """Write a CSV byte-identically across runs (fixed float format, '\\n' line ends, no index)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, float_format=float_format, lineterminator="\n")


def split(df: pd.DataFrame, *, test_size: float, seed: int = SEED, stratify: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterministic train/test split of rows (v1 uses the same scikit-learn call)."""
    strat = df[stratify] if stratify else None
    train, test = train_test_split(df, test_size=test_size, random_state=seed, stratify=strat)
    return train.reset_index(drop=True), test.reset_index(drop=True)


def rng(seed: int = SEED) -> np.random.Generator:
    return np.random.default_rng(seed)


def opaque_ids(n: int, *, seed: int, prefix: str = "", width: int = 8) -> list[str]:
    """Random hex ids that carry no information about row order or labels."""
    r = np.random.default_rng(seed)
    ids: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        v = prefix + "".join(r.choice(list("0123456789abcdef"), size=width))
        if v not in ids:
            ids.add(v)
            out.append(v)
    return out


def write_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    """A zip whose bytes depend only on the members (fixed dates and attributes, stored)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
