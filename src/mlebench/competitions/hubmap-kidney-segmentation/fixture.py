"""Raw files laid out like Kaggle's hubmap-kidney-segmentation download (tiny, synthetic).

``train.csv`` (``id`` 9 hex characters, ``encoding`` a run-length mask) for Kaggle's 15 labelled
images, ``HuBMAP-20-dataset_information.csv`` (``image_file``, ``width_pixels``,
``height_pixels``, the segmentation file names and patient columns; rows for the 15 labelled and
5 unlabelled images), ``train/<id>.tiff`` + ``<id>.json`` (glomerulus polygons, GeoJSON-like) +
``<id>-anatomical-structure.json``, Kaggle's ``test/`` images and ``sample_submission.csv``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mlebench.grading.metrics import rle_encode


def _tiff(rng: np.random.Generator, height: int, width: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, size=(height, width, 3), dtype=np.uint8)).save(buf, format="TIFF")
    return buf.getvalue()


def _polygons(mask: np.ndarray) -> list[dict]:
    rows, cols = np.nonzero(mask)
    if len(rows) == 0:
        return []
    r0, r1, c0, c1 = int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1
    ring = [[c0, r0], [c1, r0], [c1, r1], [c0, r1], [c0, r0]]
    return [{"type": "Feature", "id": "PathAnnotationObject", "geometry": {"type": "Polygon", "coordinates": [ring]},
             "properties": {"classification": {"name": "glomerulus", "colorRGB": -3140401}, "isLocked": True}}]


def _write_image(folder: Path, image_id: str, rng, height: int, width: int, mask: np.ndarray | None) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{image_id}.tiff").write_bytes(_tiff(rng, height, width))
    if mask is not None:
        (folder / f"{image_id}.json").write_text(json.dumps(_polygons(mask)))
    (folder / f"{image_id}-anatomical-structure.json").write_text(json.dumps([{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [width, 0], [width, height], [0, 0]]]},
        "properties": {"classification": {"name": "Cortex"}}}]))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2021)
    ids = [f"{int(x):09x}"[:9] for x in rng.integers(16**8, 16**9, 20)]
    labelled, unlabelled = ids[:15], ids[15:]
    rows, info = [], []
    for k, image_id in enumerate(labelled):
        height, width = (8, 10) if k % 3 == 0 else (8, 8)
        mask = np.zeros((height, width), dtype=bool)
        r, c = rng.integers(0, height - 3), rng.integers(0, width - 3)
        mask[r : r + 3, c : c + int(rng.integers(1, 4))] = True
        rows.append({"id": image_id, "encoding": rle_encode(mask, order="F")})
        _write_image(raw / "train", image_id, rng, height, width, mask)
        info.append((image_id, width, height))
    for image_id in unlabelled:
        _write_image(raw / "test", image_id, rng, 8, 8, None)
        info.append((image_id, 8, 8))
    pd.DataFrame(rows).to_csv(raw / "train.csv", index=False)
    pd.DataFrame([{
        "image_file": f"{i}.tiff", "width_pixels": w, "height_pixels": h,
        "anatomical_structures_segmention_file": f"{i}-anatomical-structure.json",
        "glomerulus_segmentation_file": f"{i}.json", "patient_number": 67000 + n, "race": "White",
        "ethnicity": "Not Hispanic or Latino", "sex": "Male" if n % 2 else "Female", "age": 40 + n,
        "weight_kilograms": 70.0 + n, "height_centimeters": 170.0, "bmi_kg/m^2": 24.2, "laterality": "Right",
        "percent_cortex": 80, "percent_medulla": 20} for n, (i, w, h) in enumerate(info)]).to_csv(
        raw / "HuBMAP-20-dataset_information.csv", index=False)
    pd.DataFrame({"id": unlabelled, "predicted": ""}).to_csv(raw / "sample_submission.csv", index=False)
