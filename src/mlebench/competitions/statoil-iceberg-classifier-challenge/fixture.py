"""Raw files laid out like Kaggle's statoil-iceberg-classifier-challenge download (tiny and synthetic).

``train.json.7z`` and ``test.json.7z`` hold ``data/processed/train.json`` / ``test.json``: a JSON
array of records ``{"id": 8 hex digits, "band_1": [...], "band_2": [...], "inc_angle": degrees
or "na", "is_iceberg": 0/1}`` (test records without ``is_iceberg``); ``sample_submission.csv.7z``
holds ``sample_submission.csv`` (``id, is_iceberg`` = 0.5). Kaggle's bands are 75x75 dB values
(5,625 per band); here 3x3.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import py7zr


def _records(rng: np.random.Generator, n: int, labelled: bool) -> list[dict]:
    out = []
    for _ in range(n):
        rec = {
            "id": f"{int(rng.integers(0, 16**8)):08x}",
            "band_1": [float(v) for v in rng.normal(-20, 5, 9).round(6)],
            "band_2": [float(v) for v in rng.normal(-25, 4, 9).round(6)],
            "inc_angle": "na" if rng.random() < 0.1 else round(float(rng.uniform(30, 46)), 4),
        }
        if labelled:
            rec["is_iceberg"] = int(rng.integers(0, 2))
        out.append(rec)
    return out


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(1604)
    train, test = _records(rng, 40, True), _records(rng, 12, False)
    for name, records in (("train.json", train), ("test.json", test)):
        with py7zr.SevenZipFile(raw / f"{name}.7z", "w") as z:
            z.writestr(json.dumps(records).encode(), f"data/processed/{name}")
    sample = pd.DataFrame({"id": [r["id"] for r in test], "is_iceberg": 0.5})
    with py7zr.SevenZipFile(raw / "sample_submission.csv.7z", "w") as z:
        z.writestr(sample.to_csv(index=False).encode(), "sample_submission.csv")
