"""Raw files laid out like Kaggle's plant-seedlings-classification download (tiny and synthetic).

Only ``train/`` is read by preparation: one folder per species (Kaggle's twelve names, with
their spaces and hyphens), holding PNG images named by 9 hex digits (``0050f38b3.png``).
"""

import io
from pathlib import Path

import numpy as np
from PIL import Image

SPECIES = [
    "Black-grass", "Charlock", "Cleavers", "Common Chickweed", "Common wheat", "Fat Hen",
    "Loose Silky-bent", "Maize", "Scentless Mayweed", "Shepherds Purse", "Small-flowered Cranesbill",
    "Sugar beet",
]


def _png(rng: np.random.Generator, k: int) -> bytes:
    pixels = rng.integers(0, 120, size=(8, 8, 3), dtype=np.uint8)
    pixels[k % 8, :, 1] = 200  # a green row whose place depends on the species
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(4750)
    names = set()
    for k, species in enumerate(SPECIES):
        folder = raw / "train" / species
        folder.mkdir(parents=True)
        for _ in range(int(rng.integers(4, 9))):
            name = f"{int(rng.integers(0, 16**9)):09x}.png"
            while name in names:
                name = f"{int(rng.integers(0, 16**9)):09x}.png"
            names.add(name)
            (folder / name).write_bytes(_png(rng, k))
