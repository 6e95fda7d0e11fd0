"""Raw files laid out like Kaggle's paddy-disease-classification download (tiny and synthetic).

Preparation reads ``train.csv`` (``image_id, label, variety, age``; ids such as ``100330.jpg``,
ten labels, varieties such as ``ADT45``, ages in days), the header of ``sample_submission.csv``
(``image_id, label``) and ``train_images/<label>/<image_id>`` (JPEG). Kaggle's unlabelled
``test_images/`` is not read and not written.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

LABELS = ["bacterial_leaf_blight", "bacterial_leaf_streak", "bacterial_panicle_blight", "blast", "brown_spot",
          "dead_heart", "downy_mildew", "hispa", "normal", "tungro"]
VARIETIES = ["ADT45", "IR20", "KarnatakaPonni", "Onthanel", "Ponni", "Surya", "Zonal", "AndraPonni", "AtchayaPonni", "RR"]
N = 80


def _jpeg(rng: np.random.Generator, k: int) -> bytes:
    pixels = rng.integers(0, 100, size=(8, 8, 3), dtype=np.uint8)
    pixels[:, k % 8, 0] = 230  # a red column whose place depends on the label
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(10407)
    ids = [f"{i}.jpg" for i in rng.choice(np.arange(100000, 110500), N, replace=False)]
    labels = rng.choice(LABELS, N, p=[0.05, 0.04, 0.03, 0.17, 0.09, 0.14, 0.06, 0.17, 0.17, 0.08])
    train = pd.DataFrame({"image_id": ids, "label": labels, "variety": rng.choice(VARIETIES, N),
                          "age": rng.choice([45, 50, 55, 60, 65, 70, 72, 75, 80, 82], N)})
    train.to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"image_id": [f"{200001 + i}.jpg" for i in range(5)], "label": ""}).to_csv(
        raw / "sample_submission.csv", index=False)
    for image_id, label in zip(ids, labels):
        folder = raw / "train_images" / label
        folder.mkdir(parents=True, exist_ok=True)
        (folder / image_id).write_bytes(_jpeg(rng, LABELS.index(label)))
