"""Raw files laid out like Kaggle's whale-categorization-playground download (tiny, synthetic).

``train.csv`` (``Image, Id``; images such as ``00022e1a.jpg``, whales such as ``w_e15442c`` and
many ``new_whale``), ``train/<Image>`` (JPEG), and Kaggle's unlabelled ``test/`` and
``sample_submission.csv``.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image


def _jpeg(rng: np.random.Generator, k: int) -> bytes:
    pixels = rng.integers(0, 60, size=(8, 8), dtype=np.uint8)
    pixels[k % 8, :] = 250
    buf = io.BytesIO()
    Image.fromarray(pixels).convert("RGB").save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def _hex(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list("0123456789abcdef"), n))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(9850)
    whales = [f"w_{_hex(rng, 7)}" for _ in range(24)]
    counts = [4, 3, 3, 3, 2, 2, 2, 2, 2, 2] + [1] * 14  # a few whales seen often, many once
    ids = ["new_whale"] * 14 + [w for w, c in zip(whales, counts) for _ in range(c)]
    ids = list(rng.permutation(ids))
    images = [f"{_hex(rng, 8)}.jpg" for _ in ids]
    pd.DataFrame({"Image": images, "Id": ids}).to_csv(raw / "train.csv", index=False)
    (raw / "train").mkdir()
    for image, whale in zip(images, ids):
        (raw / "train" / image).write_bytes(_jpeg(rng, (["new_whale"] + whales).index(whale)))
    tests = [f"{_hex(rng, 8)}.jpg" for _ in range(3)]
    (raw / "test").mkdir()
    for image in tests:
        (raw / "test" / image).write_bytes(_jpeg(rng, 0))
    pd.DataFrame({"Image": tests, "Id": "new_whale w_23a388d w_9b5109b w_9c506f6 w_0369a5c"}).to_csv(
        raw / "sample_submission.csv", index=False)
