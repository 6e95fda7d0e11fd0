"""Raw files laid out like Kaggle's iwildcam-2019-fgvc6 download (tiny, synthetic).

``train.csv`` with Kaggle's columns (``category_id, date_captured, file_name, frame_num, id,
location, rights_holder, seq_id, seq_num_frames, width, height``; ids are UUID-like strings such
as ``5998cfa4-23d2-11e8-a6a3-ec086b02610b``, ``file_name`` is ``<id>.jpg``, images come in
camera-trap sequences of 1-3 frames) and ``train_images.zip``, the JPEGs at the archive's root
(8x8 pixels here).
"""

import io
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N_LOCATIONS, N_SEQUENCES = 14, 22
CATEGORIES = [0, 1, 3, 4, 8, 10, 11, 13, 16, 17, 19]


def _jpeg(rng: np.random.Generator, category: int) -> bytes:
    pixels = rng.integers(0, 90, size=(8, 8, 3), dtype=np.uint8)
    if category:
        pixels[2:6, 2:6] = 40 + 10 * category  # an "animal" whose shade depends on its class
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=1))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2019)
    locations = rng.choice(np.arange(0, 140), N_LOCATIONS, replace=False)
    rows = []
    for s in range(N_SEQUENCES):
        location = int(locations[s % N_LOCATIONS])
        category = int(rng.choice(CATEGORIES, p=[0.4] + [0.06] * 10))
        seq_id, frames = _uuid(rng), int(rng.integers(1, 4))
        start = pd.Timestamp("2011-05-13 23:43:18") + pd.Timedelta(days=int(rng.integers(0, 2000)), minutes=int(rng.integers(0, 1440)))
        for f in range(frames):
            image_id = _uuid(rng)
            rows.append({"category_id": category, "date_captured": str(start + pd.Timedelta(seconds=f)),
                         "file_name": f"{image_id}.jpg", "frame_num": f + 1, "id": image_id, "location": location,
                         "rights_holder": rng.choice(["Justin Brown", "Erin Boydston", "Idaho Fish and Game"]),
                         "seq_id": seq_id, "seq_num_frames": frames, "width": 2048, "height": 1536})
    train = pd.DataFrame(rows)
    train.to_csv(raw / "train.csv", index=False)
    with zipfile.ZipFile(raw / "train_images.zip", "w") as zf:
        for image_id, category in zip(train["id"], train["category_id"]):
            zf.writestr(f"{image_id}.jpg", _jpeg(rng, category))
