"""Raw files laid out like hubmap-kidney-segmentation's download, scaled down.

``train/<id>.tiff`` (RGB tissue tiles, 96 or 128 pixels a side, JPEG-compressed TIFF),
``train/<id>.json`` (the annotators' glomerulus outlines as GeoJSON-like polygon features),
``train/<id>-anatomical-structure.json`` (the cortex outline), ``train.csv`` (``id,encoding``: the
annotated glomerulus mask run-length encoded, 1-indexed ``start length`` pairs numbered
top-to-bottom then left-to-right), the per-image ``HuBMAP-20-dataset_information.csv``, and
Kaggle's unlabelled ``test/`` with ``sample_submission.csv``. Ids are 9 random hex digits.

Noise process (numpy seed 0): a pink, smoothed random field of stroma; a cortex region (a random
half-plane, slightly darker and more purple) where glomeruli live, the rest is medulla; 1-5
glomeruli per tile (tiles are cut where there are glomeruli; irregular blobs of dense purple
texture with a pale rim); distractors everywhere (tubules: small pale-centred rings; nuclei: dark
dots; a few purple blobs with no rim); then blur, Gaussian noise and a colour/brightness jitter
per tile. The annotators' outline of a glomerulus is the drawn one shifted, rescaled and jittered
vertex by vertex (``_annotate``): the masks carry that label noise, so no model can reach Dice 1;
``ceiling`` predicts the drawn glomeruli themselves."""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFilter

from mlebench.grading.metrics import rle_encode
from mlebench.offline.common import opaque_ids, write_csv

SIDES = (96, 128)
GLOMERULI = (1, 1, 2, 2, 3, 4, 5)  # per tile, drawn uniformly from these
N_LABELLED, N_TEST = 320, 4  # prepare.py splits the labelled tiles into train and test
JPEG_QUALITY = 90


def _smooth(r: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    small = r.random((h // cell + 2, w // cell + 2))
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((w + 2 * cell, h + 2 * cell), Image.BICUBIC)
    return np.asarray(img, dtype=float)[cell : cell + h, cell : cell + w] / 255.0 - 0.5


def _blob(r: np.random.Generator, cx: float, cy: float, radius: float, n: int = 24) -> list[tuple[float, float]]:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    k = np.arange(2, 5)
    amp, phase = r.uniform(0, 0.12, size=3), r.uniform(0, 2 * np.pi, size=3)
    rad = radius * (1 + (amp[:, None] * np.cos(k[:, None] * t[None, :] + phase[:, None])).sum(0))
    return [(round(float(cx + rr * np.cos(a)), 1), round(float(cy + rr * np.sin(a)), 1)) for rr, a in zip(rad, t)]


def _annotate(r: np.random.Generator, poly: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """An annotator's outline of ``poly``: shifted (0.6 px), rescaled (4 %), each vertex off by 5 %."""
    xs, ys = np.array(poly).T
    cx, cy = xs.mean(), ys.mean()
    scale = 1 + r.normal(0, 0.04) + r.normal(0, 0.05, size=len(xs))
    dx, dy = r.normal(0, 0.6, size=2)
    return [(round(float(cx + dx + k * (x - cx)), 1), round(float(cy + dy + k * (y - cy)), 1))
            for x, y, k in zip(xs, ys, scale)]


def _mask(polys: list, h: int, w: int) -> np.ndarray:
    img = Image.new("L", (w, h), 0)
    for poly in polys:
        ImageDraw.Draw(img).polygon(poly, fill=255)
    return np.asarray(img) > 127


def _feature(poly: list, name: str) -> dict:
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in poly + poly[:1]]]},
            "properties": {"classification": {"name": name}}}


def tile(r: np.random.Generator) -> dict:
    h, w = (int(v) for v in r.choice(SIDES, size=2))
    # cortex: the pixels on one side of a random line through the tile
    angle, offset = r.uniform(0, 2 * np.pi), r.uniform(-0.25, 0.45) * min(h, w)
    nx, ny = np.cos(angle), np.sin(angle)
    yy, xx = np.mgrid[0:h, 0:w]
    cortex = ((xx - w / 2) * nx + (yy - h / 2) * ny) < offset
    far = 2 * max(h, w)
    px, py = w / 2 + offset * nx, h / 2 + offset * ny
    cortex_poly = [(px - far * ny, py + far * nx), (px + far * ny, py - far * nx),
                   (px + far * ny - far * nx, py - far * nx - far * ny), (px - far * ny - far * nx, py + far * nx - far * ny)]
    cortex_poly = [(round(float(x), 1), round(float(y), 1)) for x, y in cortex_poly]

    base = np.array([r.uniform(200, 235), r.uniform(150, 190), r.uniform(190, 225)])
    tex = _smooth(r, h, w, 6) * r.uniform(20, 45) + _smooth(r, h, w, 2) * 15
    arr = base[None, None, :] + tex[..., None] - cortex[..., None] * np.array([12, 18, 4]) * r.uniform(0.5, 1.5)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    for _ in range(int(r.poisson(h * w / 600))):  # tubules: pale-centred rings
        x, y, s = r.uniform(0, w), r.uniform(0, h), r.uniform(2.5, 5)
        d.ellipse([x - s, y - s * r.uniform(0.6, 1), x + s, y + s], fill=(235, 215, 235),
                  outline=(int(r.uniform(150, 190)), 90, 160), width=2)
    glomeruli = []
    inside = np.argwhere(cortex)
    for _ in range(int(r.choice(GLOMERULI))):
        cy, cx = inside[r.integers(len(inside))] + r.uniform(0, 1, size=2)
        poly = _blob(r, cx, cy, r.uniform(6, 12))
        rim = [(cx + 1.25 * (x - cx), cy + 1.25 * (y - cy)) for x, y in poly]
        d.polygon(rim, fill=(240, 225, 240))
        col = (int(r.uniform(120, 175)), int(r.uniform(60, 110)), int(r.uniform(140, 190)))
        d.polygon(poly, fill=col)
        glomeruli.append(poly)
    for poly in glomeruli:
        xs, ys = zip(*poly)
        for _ in range(int(r.integers(6, 14))):  # nuclei clustered inside the glomerulus
            x, y = r.uniform(min(xs), max(xs)), r.uniform(min(ys), max(ys))
            d.ellipse([x - 1, y - 1, x + 1, y + 1], fill=(70, 30, 110))
    for _ in range(int(r.poisson(1.0))):  # rimless purple blobs (vessels, debris)
        x, y = r.uniform(0, w), r.uniform(0, h)
        col = (int(r.uniform(120, 175)), int(r.uniform(60, 110)), int(r.uniform(140, 190)))
        d.polygon(_blob(r, x, y, r.uniform(3, 9)), fill=col)
    for _ in range(int(r.poisson(h * w / 150))):  # nuclei everywhere
        x, y = r.uniform(0, w), r.uniform(0, h)
        d.ellipse([x - 1, y - 1, x + 1, y + 1], fill=(80, 40, 120))
    img = img.filter(ImageFilter.GaussianBlur(float(r.uniform(0.4, 1.0))))
    out = np.asarray(img, dtype=float) * r.uniform(0.9, 1.08, size=3)[None, None, :]
    out += r.normal(0, r.uniform(4, 10), size=out.shape)
    buf = io.BytesIO()
    Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB").save(buf, "TIFF", compression="jpeg",
                                                                          quality=JPEG_QUALITY)
    annotated = [_annotate(r, p) for p in glomeruli]
    return {
        "tiff": buf.getvalue(), "height": h, "width": w, "encoding": rle_encode(_mask(annotated, h, w), order="F"),
        "drawn": rle_encode(_mask(glomeruli, h, w), order="F"),
        "glomeruli": json.dumps([_feature(p, "glomerulus") for p in annotated]),
        "anatomy": json.dumps([_feature(cortex_poly, "Cortex")]),
        "percent_cortex": round(100 * float(cortex.mean()), 1),
    }


@lru_cache(maxsize=1)
def simulate() -> tuple[list[str], list[dict], list[dict]]:
    """(ids, tiles, dataset information rows): the labelled tiles first, then Kaggle's unlabelled test."""
    r = np.random.default_rng(0)
    ids = opaque_ids(N_LABELLED + N_TEST, seed=0, width=9)
    tiles = [tile(r) for _ in ids]
    info = []
    for i, t in zip(ids, tiles):
        info.append({
            "image_file": f"{i}.tiff", "width_pixels": t["width"], "height_pixels": t["height"],
            "anatomical_structures_segmention_file": f"{i}-anatomical-structure.json",
            "glomerulus_segmentation_file": f"{i}.json", "patient_number": int(r.integers(60000, 70000)),
            "race": str(r.choice(["White", "Black or African American", "Asian"])),
            "ethnicity": str(r.choice(["Not Hispanic or Latino", "Hispanic or Latino"])),
            "sex": str(r.choice(["Male", "Female"])), "age": int(r.integers(30, 80)),
            "weight_kilograms": round(float(r.uniform(55, 110)), 1),
            "height_centimeters": round(float(r.uniform(150, 195)), 1),
            "bmi_kg/m^2": round(float(r.uniform(20, 35)), 1), "laterality": str(r.choice(["Left", "Right"])),
            "percent_cortex": t["percent_cortex"], "percent_medulla": round(100 - t["percent_cortex"], 1),
        })
    return ids, tiles, info


def generate(raw: Path) -> None:
    ids, tiles, info = simulate()
    for k, (i, t) in enumerate(zip(ids, tiles)):
        folder = raw / ("train" if k < N_LABELLED else "test")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i}.tiff").write_bytes(t["tiff"])
        (folder / f"{i}-anatomical-structure.json").write_text(t["anatomy"])
        if k < N_LABELLED:
            (folder / f"{i}.json").write_text(t["glomeruli"])
    write_csv(pd.DataFrame(info), raw / "HuBMAP-20-dataset_information.csv")
    write_csv(pd.DataFrame({"id": ids[:N_LABELLED], "encoding": [t["encoding"] for t in tiles[:N_LABELLED]]}),
              raw / "train.csv")
    write_csv(pd.DataFrame({"id": ids[N_LABELLED:], "predicted": ""}), raw / "sample_submission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The best masks knowable: each test tile's glomeruli as drawn, before the annotators' outline noise."""
    ids, tiles, _ = simulate()
    drawn = dict(zip(ids, (t["drawn"] for t in tiles)))
    return pd.DataFrame({"id": answers["id"], "predicted": [drawn[i] for i in answers["id"]]})
