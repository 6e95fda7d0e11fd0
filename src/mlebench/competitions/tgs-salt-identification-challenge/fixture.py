"""Raw files laid out like Kaggle's tgs-salt-identification-challenge download (tiny, synthetic).

``competition_data.zip`` holding ``competition_data/train.csv`` (``id, rle_mask``; ids of 10 hex
digits, blank = no salt), ``competition_data/train/images/<id>.png`` and ``.../masks/<id>.png``
(101 x 101 grayscale) and ``competition_data/test/images/``; ``depths.csv`` (``id, z``) for
training and test images.
"""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N, SIZE = 40, 101


def _png(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def _rle(mask: np.ndarray) -> str:
    flat = np.concatenate([[0], mask.flatten(order="F").astype(np.int8), [0]])
    runs = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    runs[1::2] -= runs[::2]
    return " ".join(map(str, runs))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(4000)
    ids = ["".join(rng.choice(list("0123456789abcdef"), 10)) for _ in range(N + 3)]
    train_ids, test_ids = ids[:N], ids[N:]
    rows = []
    with zipfile.ZipFile(raw / "competition_data.zip", "w") as zf:
        for k, image_id in enumerate(train_ids):
            mask = np.zeros((SIZE, SIZE), dtype=bool)
            if k % 3:  # a third of the images have no salt
                top = int(rng.integers(10, 101))
                mask[top:, : int(rng.integers(5, 102))] = True  # salt below a boundary
            image = rng.integers(0, 255, size=(SIZE, SIZE), dtype=np.uint8)
            zf.writestr(f"competition_data/train/images/{image_id}.png", _png(image))
            zf.writestr(f"competition_data/train/masks/{image_id}.png", _png(mask.astype(np.uint8) * 255))
            rows.append((image_id, _rle(mask)))
        for image_id in test_ids:
            zf.writestr(f"competition_data/test/images/{image_id}.png", _png(np.zeros((SIZE, SIZE), dtype=np.uint8)))
        table = pd.DataFrame(rows, columns=["id", "rle_mask"])
        zf.writestr("competition_data/train.csv", table.to_csv(index=False))
    pd.DataFrame({"id": ids, "z": rng.integers(50, 960, len(ids))}).to_csv(raw / "depths.csv", index=False)
