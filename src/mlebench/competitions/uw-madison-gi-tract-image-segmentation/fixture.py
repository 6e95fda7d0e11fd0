"""Raw files laid out like Kaggle's uw-madison-gi-tract-image-segmentation download (tiny, synthetic).

``train.csv`` (``id`` = ``case<c>_day<d>_slice_<ssss>``, ``class`` in large_bowel / small_bowel /
stomach, ``segmentation`` a run-length string or blank), scans
``train/case<c>/case<c>_day<d>/scans/slice_<ssss>_<width>_<height>_1.50_1.50.png`` (16-bit
grayscale PNG) and ``sample_submission.csv`` (``id, class, predicted``; Kaggle's public one is
empty of rows). Ten cases (one becomes the test case), one of them with six days (days five and
six move to test); the test case has non-square 10 x 8 scans.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mlebench.grading.metrics import rle_encode

CLASSES = ["large_bowel", "small_bowel", "stomach"]
CASES = {123: [20, 22], 2: [1, 3, 7, 9, 11, 15], 36: [14], 101: [0, 5], 7: [2], 88: [10, 13], 15: [30], 44: [1, 2], 9: [6], 130: [0]}
SLICES = 3


def _png(rng: np.random.Generator, height: int, width: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 4000, size=(height, width)).astype(np.uint16)).save(buf, format="PNG")
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(1947)
    rows = []
    for case, days in CASES.items():
        width, height = (10, 8) if case == 9 else (8, 8)
        for day in days:
            scans = raw / "train" / f"case{case}" / f"case{case}_day{day}" / "scans"
            scans.mkdir(parents=True)
            for s in range(1, SLICES + 1):
                (scans / f"slice_{s:04d}_{width}_{height}_1.50_1.50.png").write_bytes(_png(rng, height, width))
                for cls in CLASSES:
                    mask = np.zeros((height, width), dtype=bool)
                    if rng.random() < 0.6:
                        r, c = rng.integers(0, height - 3), rng.integers(0, width - 3)
                        mask[r : r + rng.integers(1, 4), c : c + rng.integers(1, 4)] = True
                    rows.append({"id": f"case{case}_day{day}_slice_{s:04d}", "class": cls,
                                 "segmentation": rle_encode(mask, order="F") if mask.any() else None})
    pd.DataFrame(rows).to_csv(raw / "train.csv", index=False)
    pd.DataFrame(columns=["id", "class", "predicted"]).to_csv(raw / "sample_submission.csv", index=False)
