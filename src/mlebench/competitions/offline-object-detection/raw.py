"""Raw files laid out like siim-covid19-detection's image-level labels, scaled down to synthetic
64x64 grey images of simple objects.

``train.csv`` (``id,label``): ``label`` holds one group ``<class> 1 x_min y_min x_max y_max`` per
object (pixel corners, ``x_max``/``y_max`` exclusive), and ``train/<id>.png`` the images. Ids are
12 random hex digits. Classes: ``box`` (a filled axis-aligned rectangle), ``disc`` (a filled
ellipse) and ``triangle`` (a filled triangle spanning its box).

Noise process (numpy seed 0), per image: a background level 70-130 with a smooth random field
and a linear gradient; 1-4 objects at random places (non-overlapping boxes), 6-22 pixels a side,
each brighter or darker than the background by a contrast of 18-80 grey levels; then a Gaussian
blur and Gaussian pixel noise (sigma 6-22). Each object's box is the exact bounding box of its drawn
pixels. Annotation noise: each recorded class is replaced by another class (uniformly) with
probability ``FLIP`` = 0.1, so even perfect boxes and perfect shape recognition do not reach mAP 1.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFilter

from mlebench.offline.common import opaque_ids, write_csv

SIDE = 64
N_IMAGES = 2400
CLASSES = ("box", "disc", "triangle")
FLIP = 0.1


def _shape_mask(r: np.random.Generator, shape: int, x0: int, y0: int, w: int, h: int) -> np.ndarray:
    img = Image.new("L", (SIDE, SIDE), 0)
    d = ImageDraw.Draw(img)
    x1, y1 = x0 + w - 1, y0 + h - 1
    if shape == 0:
        d.rectangle([x0, y0, x1, y1], fill=255)
    elif shape == 1:
        d.ellipse([x0, y0, x1, y1], fill=255)
    else:  # a triangle touching all four sides of its box
        corner = int(r.integers(4))
        apex = int(r.integers(x0, x1 + 1)) if corner < 2 else int(r.integers(y0, y1 + 1))
        pts = {0: [(apex, y0), (x0, y1), (x1, y1)], 1: [(apex, y1), (x0, y0), (x1, y0)],
               2: [(x0, apex), (x1, y0), (x1, y1)], 3: [(x1, apex), (x0, y0), (x0, y1)]}[corner]
        d.polygon(pts, fill=255)
    return np.asarray(img) > 127


def _smooth(r: np.random.Generator, cell: int) -> np.ndarray:
    small = r.random((SIDE // cell + 2, SIDE // cell + 2))
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((SIDE + 2 * cell, SIDE + 2 * cell), Image.BICUBIC)
    return np.asarray(img, dtype=float)[cell: cell + SIDE, cell: cell + SIDE] / 255.0 - 0.5


def image(r: np.random.Generator) -> tuple[bytes, list[tuple[int, int, int, int, int]]]:
    """One PNG and its objects ``(shape, x0, y0, x1, y1)`` (shape indexes ``CLASSES``; corners exclusive at the end)."""
    yy, xx = np.mgrid[0:SIDE, 0:SIDE] / SIDE
    arr = (r.uniform(70, 130) + _smooth(r, 16) * r.uniform(10, 40)
           + r.uniform(-15, 15) * xx + r.uniform(-15, 15) * yy)
    objects, taken = [], np.zeros((SIDE, SIDE), dtype=bool)
    for _ in range(int(r.integers(1, 5))):
        for _try in range(20):
            w, h = (int(v) for v in r.integers(6, 23, size=2))
            x0, y0 = int(r.integers(0, SIDE - w + 1)), int(r.integers(0, SIDE - h + 1))
            if not taken[max(0, y0 - 2): y0 + h + 2, max(0, x0 - 2): x0 + w + 2].any():
                break
        else:
            continue
        shape = int(r.integers(len(CLASSES)))
        mask = _shape_mask(r, shape, x0, y0, w, h)
        ys, xs = np.nonzero(mask)
        taken[y0: y0 + h, x0: x0 + w] = True
        arr = arr + mask * r.uniform(18, 80) * (1 if r.random() < 0.75 else -1)
        objects.append((shape, int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(float(r.uniform(0.3, 0.9))))
    out = np.asarray(img, dtype=float) + r.normal(0, r.uniform(6, 22), size=(SIDE, SIDE))
    buf = io.BytesIO()
    Image.fromarray(np.clip(out, 0, 255).round().astype(np.uint8), "L").save(buf, "PNG")
    return buf.getvalue(), objects


def label_text(objects, classes) -> str:
    return " ".join(f"{CLASSES[c]} 1 {x0} {y0} {x1} {y1}" for c, (_, x0, y0, x1, y1) in zip(classes, objects))


@lru_cache(maxsize=1)
def simulate() -> tuple[list[str], list[bytes], list[list[tuple[int, int, int, int, int]]], list[list[int]]]:
    """(ids, PNG bytes, drawn objects, recorded classes after annotation noise) of every image."""
    r = np.random.default_rng(0)
    ids = opaque_ids(N_IMAGES, seed=0, width=12)
    pngs, objects, recorded = [], [], []
    for _ in ids:
        png, objs = image(r)
        flip = r.random(len(objs)) < FLIP
        shift = r.integers(1, len(CLASSES), size=len(objs))
        pngs.append(png)
        objects.append(objs)
        recorded.append([int((o[0] + s) % len(CLASSES)) if f else o[0] for o, f, s in zip(objs, flip, shift)])
    return ids, pngs, objects, recorded


def oracle(ids) -> list[str]:
    """The Bayes-optimal prediction strings for ``ids``: every drawn box with its drawn shape at
    confidence 1 - FLIP and each other class at FLIP / 2 (the annotation noise's posterior)."""
    all_ids, _, objects, _ = simulate()
    where = {i: k for k, i in enumerate(all_ids)}
    out = []
    for i in ids:
        groups = []
        for shape, x0, y0, x1, y1 in objects[where[i]]:
            for c in range(len(CLASSES)):
                conf = 1 - FLIP if c == shape else FLIP / (len(CLASSES) - 1)
                groups.append(f"{CLASSES[c]} {conf:g} {x0} {y0} {x1} {y1}")
        out.append(" ".join(groups))
    return out


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The ceiling submission for the answers' images: ``oracle``'s exact boxes (IoU 1, so a hit at every
    threshold) with the annotation noise's class posterior as confidences."""
    return pd.DataFrame({"id": answers["id"], "PredictionString": oracle(answers["id"])})


def generate(raw: Path) -> None:
    ids, pngs, objects, recorded = simulate()
    (raw / "train").mkdir(parents=True, exist_ok=True)
    for i, png in zip(ids, pngs):
        (raw / "train" / f"{i}.png").write_bytes(png)
    write_csv(pd.DataFrame({"id": ids, "label": [label_text(o, c) for o, c in zip(objects, recorded)]}),
              raw / "train.csv")
