"""Raw files laid out like Kaggle's iwildcam-2020-fgvc7 download (tiny, synthetic).

``iwildcam2020_train_annotations.json`` (``annotations`` {count, image_id, id, category_id},
``images`` {seq_num_frames, location, datetime, id, frame_num, seq_id, width, height, file_name},
``categories`` {count, id, name}, ``info``), ``iwildcam2020_test_information.json`` (``images``,
``categories``, ``info``), ``iwildcam2020_megadetector_results.json`` (``info``, ``images``
{detections, id, max_detection_conf}, ``detection_categories``), ``train/<id>.jpg`` and
``test/<id>.jpg`` (ids are UUID strings) and ``sample_submission.csv`` (``Id, Category``).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.registry import load_competition_module

_nybg = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "fixture")

LOCATION_SIZES = {3: 9, 46: 4, 100: 7, 12: 3, 288: 6, 7: 5, 531: 8, 90: 2, 61: 6, 215: 4}
CATEGORIES = [(0, "empty"), (2, "tayassu pecari"), (3, "dasyprocta punctata"), (372, "cuniculus paca"), (675, "crax rubra")]


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=1))


def _image(rng, image_id: str, location: int, k: int) -> dict:
    return {"seq_num_frames": 3, "location": location, "datetime": f"2013-0{1 + k % 9}-1{k % 10} 0{k % 10}:3{k % 6}:00.000",
            "id": image_id, "frame_num": 1 + k % 3, "seq_id": _uuid(rng), "width": 8, "height": 8, "file_name": f"{image_id}.jpg"}


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2020)
    rows = [loc for loc, n in LOCATION_SIZES.items() for _ in range(n)]
    rows = [rows[i] for i in rng.permutation(len(rows))]
    images, annotations, detections = [], [], []
    (raw / "train").mkdir()
    for k, location in enumerate(rows):
        image_id = _uuid(rng)
        images.append(_image(rng, image_id, location, k))
        category = CATEGORIES[int(rng.integers(0, len(CATEGORIES)))][0]
        annotations.append({"count": 1, "image_id": image_id, "id": _uuid(rng), "category_id": category})
        (raw / "train" / f"{image_id}.jpg").write_bytes(_nybg.jpeg(rng))
        detections.append({"detections": [{"category": "1", "bbox": [0.1, 0.2, 0.3, 0.4], "conf": 0.9}],
                           "id": image_id, "max_detection_conf": 0.9})
    categories = [{"count": 10, "id": cid, "name": name} for cid, name in CATEGORIES]
    info = {"version": "3.0", "description": "Camera trap data", "year": 2020, "contributor": "WCS", "date_created": "2020-02-25"}
    (raw / "iwildcam2020_train_annotations.json").write_text(json.dumps(
        {"annotations": annotations, "images": images, "categories": categories, "info": info}))
    test_ids = [_uuid(rng) for _ in range(3)]
    (raw / "test").mkdir()
    for k, image_id in enumerate(test_ids):
        (raw / "test" / f"{image_id}.jpg").write_bytes(_nybg.jpeg(rng))
    (raw / "iwildcam2020_test_information.json").write_text(json.dumps({
        "images": [_image(rng, image_id, 999 + k, k) for k, image_id in enumerate(test_ids)],
        "categories": [{"id": cid, "name": name} for cid, name in CATEGORIES], "info": info}))
    (raw / "iwildcam2020_megadetector_results.json").write_text(json.dumps({
        "info": {"detector": "megadetector_v3"}, "images": detections, "detection_categories": {"1": "animal", "2": "person"}}))
    pd.DataFrame({"Id": test_ids, "Category": 0}).to_csv(raw / "sample_submission.csv", index=False)
