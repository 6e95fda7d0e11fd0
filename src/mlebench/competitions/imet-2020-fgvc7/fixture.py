"""Raw files laid out like Kaggle's imet-2020-fgvc7 download (tiny, synthetic).

``train.csv`` (``id`` 32 hex digits, ``attribute_ids`` space-separated integers),
``labels.csv`` (``attribute_id, attribute_name`` such as ``country::france`` or ``tag::dogs``),
``train/<id>.png`` and Kaggle's unlabelled ``test/`` + ``sample_submission.csv``.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

NAMES = ["country::egypt", "country::france", "country::japan", "culture::american", "culture::french",
         "culture::roman", "dimension::cm", "medium::bronze", "medium::paper", "medium::silk",
         "tag::dogs", "tag::flowers", "tag::men", "tag::women", "tag::landscapes", "tag::boats"]


def _png(rng: np.random.Generator) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, size=(8, 8, 3), dtype=np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2020)
    n = 40
    ids = [f"{int(x):032x}" for x in rng.integers(0, 2**62, n)]
    labels = [" ".join(str(a) for a in sorted(rng.choice(len(NAMES), rng.integers(1, 5), replace=False))) for _ in range(n)]
    pd.DataFrame({"id": ids, "attribute_ids": labels}).to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"attribute_id": range(len(NAMES)), "attribute_name": NAMES}).to_csv(raw / "labels.csv", index=False)
    for folder, names in (("train", ids), ("test", ["7f2a0b5c9d1e3f4a5b6c7d8e9f0a1b2c"])):
        (raw / folder).mkdir()
        for image_id in names:
            (raw / folder / f"{image_id}.png").write_bytes(_png(rng))
    pd.DataFrame({"id": ["7f2a0b5c9d1e3f4a5b6c7d8e9f0a1b2c"], "attribute_ids": ["0 1 2"]}).to_csv(
        raw / "sample_submission.csv", index=False)
