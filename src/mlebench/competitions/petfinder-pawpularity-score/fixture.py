"""Raw files laid out like Kaggle's petfinder-pawpularity-score download (tiny, synthetic).

``train.csv`` (``Id`` — 32 hex digits — the twelve 0/1 metadata flags, ``Pawpularity`` 1-100),
``train/<Id>.jpg``, and Kaggle's placeholder ``test.csv``, ``test/`` and ``sample_submission.csv``.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

FLAGS = ["Subject Focus", "Eyes", "Face", "Near", "Action", "Accessory", "Group", "Collage", "Human",
         "Occlusion", "Info", "Blur"]
N = 40


def _jpeg(rng: np.random.Generator, level: int) -> bytes:
    pixels = np.full((8, 8, 3), level, dtype=np.uint8) + rng.integers(0, 20, size=(8, 8, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(9912)
    ids = ["".join(rng.choice(list("0123456789abcdef"), 32)) for _ in range(N)]
    table = pd.DataFrame({"Id": ids, **{f: rng.integers(0, 2, N) for f in FLAGS}})
    table["Pawpularity"] = rng.integers(1, 101, N)
    table.to_csv(raw / "train.csv", index=False)
    (raw / "train").mkdir()
    for image_id, score in zip(ids, table["Pawpularity"]):
        (raw / "train" / f"{image_id}.jpg").write_bytes(_jpeg(rng, int(score) * 2))
    test_ids = ["".join(rng.choice(list("0123456789abcdef"), 32)) for _ in range(3)]
    pd.DataFrame({"Id": test_ids, **{f: rng.integers(0, 2, 3) for f in FLAGS}}).to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"Id": test_ids, "Pawpularity": [67.75, 8.1, 92.0]}).to_csv(raw / "sample_submission.csv", index=False)
    (raw / "test").mkdir()
    for image_id in test_ids:
        (raw / "test" / f"{image_id}.jpg").write_bytes(_jpeg(rng, 100))
