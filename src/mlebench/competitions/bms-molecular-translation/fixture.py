"""Raw files laid out like Kaggle's bms-molecular-translation download (tiny, synthetic).

``train_labels.csv`` (``image_id, InChI``; ids are 12 lowercase hex characters such as
``000011a64c74``, InChIs standard ``InChI=1S/<formula>/c.../h...`` strings),
``extra_approved_InChIs.csv`` (one column ``InChI``) and the PNG images under
``train/<c0>/<c1>/<c2>/<image_id>.png`` (8x8 greyscale here; Kaggle's are a few hundred pixels).
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N_IMAGES = 40


def _inchi(rng: np.random.Generator) -> str:
    c, n, o = int(rng.integers(2, 25)), int(rng.integers(0, 4)), int(rng.integers(0, 5))
    h = 2 * c + n + 2 - 2 * int(rng.integers(0, 4))
    formula = f"C{c}H{h}" + (f"N{n}" if n else "") + (f"O{o}" if o else "")
    chain = "-".join(str(i) for i in rng.permutation(np.arange(1, c + n + o + 1))[: min(6, c + n + o)])
    hydrogens = ",".join(f"{i}H" for i in sorted(rng.choice(np.arange(1, c + 1), min(3, c), replace=False)))
    return f"InChI=1S/{formula}/c{chain}/h{hydrogens}"


def _png(rng: np.random.Generator) -> bytes:
    pixels = np.where(rng.random((8, 8)) < 0.15, 0, 255).astype(np.uint8)  # black bonds on white
    buf = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buf, format="PNG")
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(1903)
    ids = sorted({f"{v:012x}" for v in rng.integers(0, 16**12, N_IMAGES)})
    # a few ids share their first characters, as Kaggle's millions do
    ids[1] = ids[0][:3] + ids[1][3:]
    labels = pd.DataFrame({"image_id": ids, "InChI": [_inchi(rng) for _ in ids]})
    labels.to_csv(raw / "train_labels.csv", index=False)
    pd.DataFrame({"InChI": [_inchi(rng) for _ in range(5)]}).to_csv(raw / "extra_approved_InChIs.csv", index=False)
    for image_id in ids:
        path = raw / "train" / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_png(rng))
