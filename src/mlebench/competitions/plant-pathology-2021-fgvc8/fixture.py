"""Raw files laid out like Kaggle's plant-pathology-2021-fgvc8 download (tiny, synthetic).

``train.csv`` (``image, labels``; images such as ``800113bb65efe69e.jpg``, labels one or more of
six diseases or ``healthy``, space-separated), ``train_images/<image>``, and Kaggle's
placeholder ``test_images/`` and ``sample_submission.csv``.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

LABELS = ["healthy", "scab", "frog_eye_leaf_spot", "rust", "complex", "powdery_mildew",
          "scab frog_eye_leaf_spot", "frog_eye_leaf_spot complex", "rust frog_eye_leaf_spot", "scab frog_eye_leaf_spot complex"]
N = 50


def _jpeg(rng: np.random.Generator, k: int) -> bytes:
    pixels = rng.integers(0, 90, size=(8, 8, 3), dtype=np.uint8)
    pixels[:, k % 8, 1] = 200
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def _names(rng: np.random.Generator, n: int) -> list[str]:
    return [f"{''.join(rng.choice(list('0123456789abcdef'), 16))}.jpg" for _ in range(n)]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(18632)
    images = _names(rng, N)
    labels = rng.choice(LABELS, N, p=[0.25, 0.25, 0.15, 0.08, 0.07, 0.05, 0.06, 0.04, 0.03, 0.02])
    pd.DataFrame({"image": images, "labels": labels}).to_csv(raw / "train.csv", index=False)
    (raw / "train_images").mkdir()
    for image, label in zip(images, labels):
        (raw / "train_images" / image).write_bytes(_jpeg(rng, LABELS.index(label)))
    tests = ["85f8cb619c66b863.jpg", "ad8770db05586b59.jpg", "c7b03e718489f3ca.jpg"]
    (raw / "test_images").mkdir()
    for image in tests:
        (raw / "test_images" / image).write_bytes(_jpeg(rng, 0))
    pd.DataFrame({"image": tests, "labels": "healthy"}).to_csv(raw / "sample_submission.csv", index=False)
