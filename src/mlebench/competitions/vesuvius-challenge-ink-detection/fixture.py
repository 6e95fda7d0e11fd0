"""Raw files laid out like Kaggle's vesuvius-challenge-ink-detection download (tiny, synthetic).

``train/{1,2,3}/`` each with ``surface_volume/00.tif`` … ``64.tif`` (65 uint16 greyscale slices),
``mask.png`` (which pixels hold papyrus), ``ir.png`` (the infrared photo), ``inklabels.png``
(0/1 ink) and ``inklabels_rle.csv`` (``Id, Predicted``: the ink as 1-indexed start length pairs,
row-major); ``test/{a,b}/`` with ``surface_volume/`` and ``mask.png``; ``sample_submission.csv``
(``Id, Predicted``). Fragments are a dozen pixels a side, each of a different shape.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

SHAPES = {"1": (10, 14), "2": (12, 9), "3": (11, 13)}  # (height, width)
SLICES = 65


def _rle(mask: np.ndarray) -> str:
    flat = np.concatenate([[0], mask.flatten().astype(np.int8), [0]])  # row-major
    runs = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    runs[1::2] -= runs[::2]
    return " ".join(map(str, runs))


def _fragment(rng: np.random.Generator, folder: Path, shape: tuple[int, int], labelled: bool) -> np.ndarray:
    (folder / "surface_volume").mkdir(parents=True)
    for z in range(SLICES):
        Image.fromarray(rng.integers(0, 65535, size=shape, dtype=np.uint16)).save(folder / "surface_volume" / f"{z:02}.tif")
    papyrus = np.ones(shape, dtype=bool)
    papyrus[:, -2:] = False
    Image.fromarray(papyrus.astype(np.uint8) * 255).save(folder / "mask.png")
    if not labelled:
        return papyrus
    ink = (rng.random(shape) < 0.25) & papyrus
    ink[2, 1:6] = True  # a stroke
    Image.fromarray(rng.integers(0, 255, size=shape, dtype=np.uint8)).save(folder / "ir.png")
    Image.fromarray(ink.astype(np.uint8)).save(folder / "inklabels.png")
    pd.DataFrame({"Id": [folder.name], "Predicted": [_rle(ink)]}).to_csv(folder / "inklabels_rle.csv", index=False)
    return ink


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(79)
    for fragment, shape in SHAPES.items():
        _fragment(rng, raw / "train" / fragment, shape, labelled=True)
    for fragment in ("a", "b"):
        _fragment(rng, raw / "test" / fragment, (6, 8), labelled=False)
    pd.DataFrame({"Id": ["a", "b"], "Predicted": ["1 1 5 1", "1 1 5 1"]}).to_csv(raw / "sample_submission.csv", index=False)
