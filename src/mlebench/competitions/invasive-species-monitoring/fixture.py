"""Raw files laid out like Kaggle's invasive-species-monitoring download (tiny and synthetic).

``train_labels.csv.zip`` (``train_labels.csv``: ``name`` 1..N, ``invasive`` 0/1),
``sample_submission.csv.zip`` (``sample_submission.csv``: ``name`` 1..M, ``invasive`` 0.5),
``train.7z`` (``train/<name>.jpg``) and ``test.7z`` (``test/<name>.jpg``). Kaggle's photos are
1154x866 JPEGs; here 8x8.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import py7zr
from PIL import Image


def _jpg(rng: np.random.Generator, invasive: int) -> bytes:
    pixels = rng.integers(0, 120, size=(8, 8, 3), dtype=np.uint8)
    pixels[:, :, 2] += 100 * invasive  # hydrangea blue
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG")
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2295)
    labels = pd.DataFrame({"name": np.arange(1, 41), "invasive": rng.integers(0, 2, 40)})
    sample = pd.DataFrame({"name": np.arange(1, 9), "invasive": 0.5})
    for name, table in (("train_labels.csv", labels), ("sample_submission.csv", sample)):
        with zipfile.ZipFile(raw / f"{name}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(name, table.to_csv(index=False))
    with py7zr.SevenZipFile(raw / "train.7z", "w") as z:
        for name, invasive in zip(labels["name"], labels["invasive"]):
            z.writestr(_jpg(rng, int(invasive)), f"train/{name}.jpg")
    with py7zr.SevenZipFile(raw / "test.7z", "w") as z:
        for name in sample["name"]:
            z.writestr(_jpg(rng, int(rng.integers(0, 2))), f"test/{name}.jpg")
