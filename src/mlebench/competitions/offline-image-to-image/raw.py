"""Raw files laid out like denoising-dirty-documents' download.

``train.zip`` (``train/<n>.png``, dirty scans), ``train_cleaned.zip`` (``train_cleaned/<n>.png``,
the same pages clean), ``test.zip`` (``test/<n>.png``, dirty, unlabelled) and
``sampleSubmission.csv`` (``id,value`` with ids ``<n>_<row>_<col>``, 1-indexed). Images are
8-bit greyscale PNGs, 64 pixels wide and 48 or 64 tall; ``<n>`` are distinct random integers.

Noise process (numpy seed 0): a clean page is white with lines of words taken from standard-
library docstrings, drawn in PIL's built-in bitmap font at a random offset and ink grey level.
The dirty page multiplies a paper background (a smoothed random field, a brightness gradient,
one to three blurred coffee stains, sometimes a crease line) with the ink, blurs the ink
slightly, adds Gaussian noise and sparse specks, and scales the contrast at random.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from mlebench.offline.common import write_csv, write_zip

WIDTH, HEIGHTS = 64, (48, 64)
CLEAN_GREY = (0, 40)  # a clean page's ink grey level is drawn uniformly from this range, apart from the dirt
N_TRAIN, N_TEST = 100, 8


def _words() -> list[str]:
    text = " ".join(m.__doc__ or "" for m in (json, re, textwrap, zipfile, io))
    return [w for w in re.findall(r"[A-Za-z]{2,10}", text)]


def _png(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8), "L").save(buf, "PNG", optimize=False)
    return buf.getvalue()


def _smooth(r: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    small = r.random((h // cell + 2, w // cell + 2))
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((w + 2 * cell, h + 2 * cell), Image.BICUBIC)
    return np.asarray(img, dtype=float)[cell : cell + h, cell : cell + w] / 255.0 - 0.5


def page(r: np.random.Generator, words: list[str], font) -> tuple[bytes, bytes, np.ndarray]:
    """One (dirty, clean) pair of PNGs and the page's ink coverage (0 paper .. 1 ink)."""
    h = int(r.choice(HEIGHTS))
    ink_img = Image.new("L", (WIDTH, h), 0)
    d = ImageDraw.Draw(ink_img)
    y = int(r.integers(-4, 4))
    line_gap = int(r.integers(10, 14))
    while y < h:
        x = int(r.integers(-6, 6))
        while x < WIDTH:
            w = str(r.choice(words))
            d.text((x, y), w, fill=255, font=font)
            x += int(font.getbbox(w)[2]) + int(r.integers(3, 7))
        y += line_gap
    ink = np.asarray(ink_img, dtype=float) / 255.0
    clean_grey = r.uniform(*CLEAN_GREY)
    clean = 255 - ink * (255 - clean_grey)

    paper = r.uniform(0.7, 0.95) + _smooth(r, h, WIDTH, int(r.choice([4, 8]))) * r.uniform(0.05, 0.2)
    gx, gy = r.normal(0, 0.08, size=2)
    paper += gx * (np.arange(WIDTH)[None, :] / WIDTH - 0.5) + gy * (np.arange(h)[:, None] / h - 0.5)
    stains = Image.new("L", (WIDTH, h), 0)
    sd = ImageDraw.Draw(stains)
    for _ in range(int(r.integers(1, 4))):
        cx, cy = r.uniform(0, WIDTH), r.uniform(0, h)
        rx, ry = r.uniform(6, 30), r.uniform(6, 30)
        sd.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=int(r.uniform(80, 200)),
                   fill=int(r.uniform(30, 120)), width=int(r.integers(1, 4)))
    if r.random() < 0.4:
        x0, x1 = r.uniform(0, WIDTH, size=2)
        sd.line([(x0, 0), (x1, h)], fill=int(r.uniform(60, 140)), width=int(r.integers(1, 3)))
    stain = np.asarray(stains.filter(ImageFilter.GaussianBlur(float(r.uniform(1, 3)))), dtype=float) / 255.0
    paper *= 1 - stain * r.uniform(0.2, 0.45)
    blurred = np.asarray(ink_img.filter(ImageFilter.GaussianBlur(float(r.uniform(0.3, 0.9)))), dtype=float) / 255.0
    ink_level = r.uniform(0.05, 0.3)
    dirty = paper * (1 - blurred * (1 - ink_level))
    dirty += r.normal(0, r.uniform(0.01, 0.05), size=dirty.shape)
    specks = r.random(dirty.shape) < r.uniform(0, 0.01)
    dirty[specks] *= r.uniform(0.3, 0.8)
    dirty = (dirty - 0.5) * r.uniform(0.8, 1.1) + 0.5
    return _png(dirty * 255), _png(clean), ink


def _pages() -> tuple[list[str], list[tuple[bytes, bytes, np.ndarray]]]:
    """Every page's name and (dirty PNG, clean PNG, ink coverage), train pages first."""
    r = np.random.default_rng(0)
    words, font = _words(), ImageFont.load_default_imagefont()
    names = [str(n) for n in r.choice(np.arange(1, 1000), size=N_TRAIN + N_TEST, replace=False)]
    return names, [page(r, words, font) for _ in names]


def generate(raw: Path) -> None:
    names, pages = _pages()
    write_zip(raw / "train.zip", [(f"train/{n}.png", p[0]) for n, p in zip(names[:N_TRAIN], pages)])
    write_zip(raw / "train_cleaned.zip", [(f"train_cleaned/{n}.png", p[1]) for n, p in zip(names[:N_TRAIN], pages)])
    test = list(zip(names[N_TRAIN:], pages[N_TRAIN:]))
    # Kaggle's test pages ship without clean versions; like v1 we never use them for grading.
    write_zip(raw / "test.zip", [(f"test/{n}.png", p[0]) for n, p in test])
    ids = [f"{n}_{i + 1}_{j + 1}" for n, p in test
           for i in range(Image.open(io.BytesIO(p[0])).height) for j in range(WIDTH)]
    write_csv(pd.DataFrame({"id": ids, "value": 1}), raw / "sampleSubmission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The best clean values knowable: the generator's exact ink coverage of every pixel, with the ink
    at the mean of its grey-level range (the level itself is drawn independently of the dirty page)."""
    names, pages = _pages()
    ink = {name: p[2] for name, p in zip(names, pages)}
    parts = answers["id"].astype(str).str.extract(r"^(.+)_(\d+)_(\d+)$")
    rows, cols = parts[1].astype(int).to_numpy() - 1, parts[2].astype(int).to_numpy() - 1
    coverage = np.array([ink[n][i, j] for n, i, j in zip(parts[0], rows, cols)])
    grey = np.mean(CLEAN_GREY)
    return pd.DataFrame({"id": answers["id"], "value": (255 - coverage * (255 - grey)) / 255})
