"""Raw files laid out like Kaggle's kuzushiji-recognition download (tiny, synthetic).

``train.csv`` (``image_id, labels``; ids such as ``100241706_00004_2``, labels ``U+306F 1231
3465 133 53 …`` boxes, blank for a page without characters), ``train_images.zip`` (the pages as
``<image_id>.jpg`` at the archive's top level), ``unicode_translation.csv`` (``Unicode, char``),
and Kaggle's ``test_images.zip`` and ``sample_submission.csv``.
"""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N = 40
CODES = ["U+306F", "U+304C", "U+3044", "U+3057", "U+306B", "U+3068"]


def _jpeg(rng: np.random.Generator) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(150, 256, size=(8, 8, 3), dtype=np.uint8)).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def _boxes(rng: np.random.Generator) -> str:
    k = int(rng.integers(1, 7))
    return " ".join(f"{rng.choice(CODES)} {rng.integers(0, 2000)} {rng.integers(0, 3000)} "
                    f"{rng.integers(20, 150)} {rng.integers(20, 150)}" for _ in range(k))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(3881)
    ids = [f"{rng.integers(100241706, 300000000)}_{rng.integers(1, 60):05d}_{rng.integers(1, 3)}" for _ in range(N)]
    labels = [_boxes(rng) for _ in range(N)]
    pd.DataFrame({"image_id": ids, "labels": labels}).to_csv(raw / "train.csv", index=False)
    with zipfile.ZipFile(raw / "train_images.zip", "w") as zf:
        for image_id in ids:
            zf.writestr(f"{image_id}.jpg", _jpeg(rng))
    with zipfile.ZipFile(raw / "test_images.zip", "w") as zf:
        zf.writestr("test_00145af3.jpg", _jpeg(rng))
    pd.DataFrame({"Unicode": CODES, "char": ["は", "が", "い", "し", "に", "と"]}).to_csv(
        raw / "unicode_translation.csv", index=False)
    pd.DataFrame({"image_id": ["test_00145af3"], "labels": ["U+003F 1 1 U+FF2F 2 2"]}).to_csv(
        raw / "sample_submission.csv", index=False)
