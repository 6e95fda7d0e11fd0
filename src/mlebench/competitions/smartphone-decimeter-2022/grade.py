"""Smartphone decimeter: per trip, the mean of the 50th and 95th percentile horizontal errors;
then the mean over trips (metres, lower is better).

A submission holds ``tripId, UnixTimeMillis, LatitudeDegrees, LongitudeDegrees``; rows are matched
to the answers by (``tripId``, ``UnixTimeMillis``). v1 paired each trip's rows by position and
never looked at the timestamps; now every answer epoch must be predicted exactly once and no
other epoch may appear (fixed in place: well-formed submissions in the answers' order score as
in v1). Coordinates must be finite numbers. The error of an epoch is the haversine distance
(sphere of radius 6,371,000 m) between predicted and true latitude/longitude; percentiles are
numpy's linear ones, as in v1's copy of Kaggle's baseline notebook.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlebench.grading.submission import align, check_finite

ID = ["tripId", "UnixTimeMillis"]
TARGETS = ["LatitudeDegrees", "LongitudeDegrees"]
RADIUS = 6_371_000


def haversine(lat1, lng1, lat2, lng2) -> np.ndarray:
    """Great-circle distances in metres between arrays of points given in degrees."""
    lat1, lng1, lat2, lng2 = (np.deg2rad(np.asarray(v, dtype=float)) for v in (lat1, lng1, lat2, lng2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * RADIUS * np.arcsin(np.sqrt(a))


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = align(submission, answers, id_column=ID, target_columns=TARGETS, numeric=True)
    for c in TARGETS:
        check_finite(sub[c], c, ids=sub["tripId"])
    d = haversine(sub["LatitudeDegrees"], sub["LongitudeDegrees"], ans["LatitudeDegrees"], ans["LongitudeDegrees"])
    errors = pd.Series(d, index=ans["tripId"].astype(str).to_numpy())
    per_trip = errors.groupby(level=0, sort=False).quantile([0.5, 0.95]).groupby(level=0, sort=False).mean()
    return float(per_trip.mean())
