"""Raw files laid out like bms-molecular-translation's download.

``train/<c0>/<c1>/<c2>/<image_id>.png`` (grey-scale 24 x 128 images filed by the id's first three
characters), ``train_labels.csv`` (``image_id, InChI``: the string each image shows),
``extra_approved_InChIs.csv`` (more strings of the same kind, without images) and
``sample_submission.csv``. Kaggle's unlabelled test images are left out (v1 never uses them).

Generating process (numpy seed 0): a string of 4-9 symbols drawn independently and uniformly from
``ALPHABET``; each symbol is a fixed random 5 x 7 glyph (``glyphs()``, seed 5, every two glyphs at
least 8 pixels apart) drawn at twice its size, left to right with a random left margin, random gaps
of 1-3 pixels and a vertical jitter of up to 2 pixels; each glyph is independently smudged with
probability ``SMUDGE`` (its box covered by a dark blot, so nothing of it can be read); then
Gaussian blur, background level, contrast and pixel noise vary per image.

Ceiling: a smudged symbol is uniform over the alphabet whatever the image shows, so the best
reading gets every clear symbol right and guesses the smudged ones; ``best_readings`` returns the
true string with each smudged symbol replaced by ``ALPHABET[0]`` (every guess has the same expected
cost, 1 - 1/16 per smudge).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageFilter

from mlebench.offline.common import opaque_ids, write_csv

N_IMAGES, N_EXTRA = 5000, 2000
ALPHABET = "BCDFGHJKMPQRSVWX"  # no vowels or N, T, L: no string reads as a number, NaN or a boolean
HEIGHT, WIDTH, SCALE = 24, 128, 2
SMUDGE = 0.01


@lru_cache(maxsize=1)
def glyphs() -> np.ndarray:
    """(16, 7, 5) boolean glyphs, pairwise at least 8 pixels apart."""
    r = np.random.default_rng(5)
    out: list[np.ndarray] = []
    while len(out) < len(ALPHABET):
        g = r.random((7, 5)) < 0.45
        if g.sum() >= 10 and g.any(axis=0).all() and all((g != h).sum() >= 8 for h in out):
            out.append(g)
    return np.asarray(out)


def _strings(r: np.random.Generator, n: int) -> list[str]:
    return ["".join(r.choice(list(ALPHABET), size=int(r.integers(4, 10)))) for _ in range(n)]


def render(text: str, r: np.random.Generator) -> tuple[bytes, list[bool]]:
    """PNG bytes of ``text`` and which of its symbols were smudged."""
    ink = np.zeros((HEIGHT, WIDTH))
    x = int(r.integers(1, 7))
    smudged = []
    for ch in text:
        g = np.kron(glyphs()[ALPHABET.index(ch)], np.ones((SCALE, SCALE))).astype(float)
        y = 5 + int(r.integers(-2, 3))
        h, w = g.shape
        if r.random() < SMUDGE:
            blot = (r.random((h, w)) < 0.85).astype(float)
            ink[y:y + h, x:x + w] = np.maximum(ink[y:y + h, x:x + w], blot)
            smudged.append(True)
        else:
            ink[y:y + h, x:x + w] = np.maximum(ink[y:y + h, x:x + w], g)
            smudged.append(False)
        x += w + int(r.integers(1, 4))
    background, contrast = r.uniform(200, 250), r.uniform(110, 180)
    img = Image.fromarray(np.clip(background - contrast * ink, 0, 255).astype(np.uint8), "L")
    img = img.filter(ImageFilter.GaussianBlur(float(r.uniform(0.3, 0.9))))
    arr = np.asarray(img, dtype=float) + r.normal(0, r.uniform(5, 18), size=(HEIGHT, WIDTH))
    buf = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L").save(buf, "PNG")
    return buf.getvalue(), smudged


def image_path(image_id: str) -> Path:
    return Path(image_id[0], image_id[1], image_id[2], f"{image_id}.png")


@lru_cache(maxsize=1)
def simulate() -> tuple[pd.DataFrame, list[bytes]]:
    """(labels with the truth column ``_smudged``, PNG bytes) of every image."""
    r = np.random.default_rng(0)
    texts = _strings(r, N_IMAGES)
    rendered = [render(t, r) for t in texts]
    # ids start with a letter so that none reads as a number
    ids = ["abcdef"[int(i[0], 16) % 6] + i[1:] for i in opaque_ids(N_IMAGES, seed=2, width=12)]
    frame = pd.DataFrame({"image_id": ids, "InChI": texts,
                          "_smudged": [s for _, s in rendered]})
    return frame, [b for b, _ in rendered]


def best_readings(frame: pd.DataFrame) -> pd.Series:
    """The ceiling's readings: clear symbols as they are, smudged ones guessed as ``ALPHABET[0]``."""
    return pd.Series(["".join(ALPHABET[0] if s else c for c, s in zip(text, smudged))
                      for text, smudged in zip(frame["InChI"], frame["_smudged"])], index=frame.index)


def generate(raw: Path) -> None:
    frame, images = simulate()
    for image_id, data in zip(frame["image_id"], images):
        path = raw / "train" / image_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    write_csv(frame[["image_id", "InChI"]], raw / "train_labels.csv")
    write_csv(pd.DataFrame({"InChI": _strings(np.random.default_rng(1), N_EXTRA)}), raw / "extra_approved_InChIs.csv")
    write_csv(pd.DataFrame({"image_id": frame["image_id"].iloc[:3], "InChI": "BCD"}), raw / "sample_submission.csv")
