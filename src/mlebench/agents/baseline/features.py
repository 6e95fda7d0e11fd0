"""Turning a raw table into model inputs: numbers, dates, categories, coordinates and free text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp

from common import log


def is_text(col: pd.Series) -> bool:
    s = col.dropna().astype(str).head(2000)
    if s.empty:
        return False
    return s.str.len().mean() > 25 and s.str.contains(" ").mean() > 0.5 and s.nunique() > 0.5 * len(s)


def _dates(col: pd.Series) -> pd.DataFrame | None:
    s = col.dropna().astype(str).head(200)
    if s.empty or not s.str.match(r"^\d{4}-\d{2}-\d{2}").mean() > 0.9:
        return None
    d = pd.to_datetime(col.astype(str).str.slice(0, 19), errors="coerce")
    if d.isna().mean() > 0.5:
        return None
    out = pd.DataFrame({"year": d.dt.year, "month": d.dt.month, "day": d.dt.day, "dow": d.dt.dayofweek,
                        "hour": d.dt.hour + d.dt.minute / 60.0, "t": (d - pd.Timestamp("2000-01-01")).dt.days})
    return out.astype(float)


def _coords(df: pd.DataFrame) -> pd.DataFrame:
    """Distances between (latitude, longitude) pairs that share a prefix, e.g. pickup_ / dropoff_."""
    lats = {re.sub(r"lat(itude)?", "", c.lower()): c for c in df.columns if re.search(r"lat(itude)?$", c.lower())}
    lons = {re.sub(r"lon(gitude)?|lng", "", c.lower()): c for c in df.columns if re.search(r"(lon(gitude)?|lng)$", c.lower())}
    pairs = [(lats[k], lons[k]) for k in lats if k in lons]
    out = {}
    for i in range(len(pairs)):
        for j in range(i + 1, len(pairs)):
            (la1, lo1), (la2, lo2) = pairs[i], pairs[j]
            a1, o1, a2, o2 = (np.radians(pd.to_numeric(df[c], errors="coerce").to_numpy(float)) for c in (la1, lo1, la2, lo2))
            h = np.sin((a2 - a1) / 2) ** 2 + np.cos(a1) * np.cos(a2) * np.sin((o2 - o1) / 2) ** 2
            out[f"dist_{i}_{j}"] = 6371 * 2 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
            out[f"dlat_{i}_{j}"] = np.degrees(a2 - a1)
            out[f"dlon_{i}_{j}"] = np.degrees(o2 - o1)
            out[f"bearing_{i}_{j}"] = np.arctan2(np.sin(o2 - o1) * np.cos(a2),
                                                 np.cos(a1) * np.sin(a2) - np.sin(a1) * np.cos(a2) * np.cos(o2 - o1))
    return pd.DataFrame(out, index=df.index)


class Featurizer:
    """Fit on train+test columns (no labels involved); gives a dense block and, for text, a sparse block."""

    def __init__(self, drop: set[str]) -> None:
        self.drop = drop
        self.text_cols: list[str] = []

    def fit_transform(self, train: pd.DataFrame, test: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list]:
        cols = [c for c in test.columns if c in train.columns and c not in self.drop]
        both = pd.concat([train[cols], test[cols]], axis=0, ignore_index=True)
        blocks = []
        for c in cols:
            col = both[c]
            if pd.api.types.is_bool_dtype(col):
                blocks.append(col.astype(float).rename(c).to_frame())
            elif pd.api.types.is_numeric_dtype(col):
                blocks.append(col.astype(float).rename(c).to_frame())
            elif is_text(col):
                self.text_cols.append(c)
                lens = col.fillna("").astype(str)
                blocks.append(pd.DataFrame({f"{c}_len": lens.str.len(), f"{c}_words": lens.str.count(" ") + 1}).astype(float))
            else:
                d = _dates(col)
                if d is not None:
                    blocks.append(d.add_prefix(f"{c}_"))
                    continue
                num = pd.to_numeric(col, errors="coerce")
                if num.notna().mean() > 0.95:
                    blocks.append(num.rename(c).to_frame())
                elif col.nunique() <= max(50, 0.2 * len(col)):
                    codes = col.astype("category").cat.codes.astype(float).replace(-1, np.nan)
                    blocks.append(codes.rename(f"{c}_code").to_frame())
                    freq = col.map(col.value_counts(normalize=True)).astype(float)
                    blocks.append(freq.rename(f"{c}_freq").to_frame())
        blocks.append(_coords(both))
        x = pd.concat(blocks, axis=1) if blocks else pd.DataFrame(index=both.index)
        x = x.loc[:, x.nunique(dropna=False) > 1] if len(x.columns) else x
        x.columns = [str(c) for c in x.columns]
        n = len(train)
        text = [both[c].fillna("").astype(str) for c in self.text_cols]
        log(f"features: {x.shape[1]} dense columns, text columns {self.text_cols}")
        return x.iloc[:n].reset_index(drop=True), x.iloc[n:].reset_index(drop=True), text


def tfidf(texts: list[pd.Series], n_train: int, max_features: int = 100_000):
    from sklearn.feature_extraction.text import TfidfVectorizer

    mats = []
    for t in texts:
        word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1 if n_train < 50_000 else 2,
                               max_features=max_features)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                               max_features=max_features)
        mats += [word.fit_transform(t), char.fit_transform(t)]
    m = sp.hstack(mats).tocsr()
    return m[:n_train], m[n_train:]
