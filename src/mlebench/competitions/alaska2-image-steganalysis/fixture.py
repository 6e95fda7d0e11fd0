"""Raw files laid out like Kaggle's alaska2-image-steganalysis download (tiny, synthetic).

``Cover/``, ``JMiPOD/``, ``JUNIWARD/`` and ``UERD/`` each hold the same names ``00001.jpg``…
(a cover and its three stego versions; here the stego images differ from the cover in one pixel
block), plus Kaggle's unlabelled ``Test/0001.jpg``… and ``sample_submission.csv``.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N = 40
ALGORITHMS = ["JMiPOD", "JUNIWARD", "UERD"]


def _jpeg(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=95)
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(75000)
    for folder in ["Cover", "Test", *ALGORITHMS]:
        (raw / folder).mkdir()
    for i in range(1, N + 1):
        cover = rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)
        (raw / "Cover" / f"{i:05d}.jpg").write_bytes(_jpeg(cover))
        for k, alg in enumerate(ALGORITHMS):
            stego = cover.copy()
            stego[k * 2 : k * 2 + 2, :2] ^= 1
            (raw / alg / f"{i:05d}.jpg").write_bytes(_jpeg(stego))
    for i in range(1, 4):
        (raw / "Test" / f"{i:04d}.jpg").write_bytes(_jpeg(rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)))
    pd.DataFrame({"Id": [f"{i:04d}.jpg" for i in range(1, 4)], "Label": 0.5}).to_csv(raw / "sample_submission.csv", index=False)
