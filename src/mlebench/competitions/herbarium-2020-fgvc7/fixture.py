"""Raw files laid out like Kaggle's herbarium-2020-fgvc7 download (tiny, synthetic).

``nybg2020/train/metadata.json`` (``annotations`` {category_id, id, image_id, region_id},
``categories`` {family, genus, id, name}, ``images`` {file_name, height, id, license, width},
``info``, ``licenses``, ``regions``), ``nybg2020/train/images/<ccc>/<cc>/<image id>.jpg``,
Kaggle's unlabelled ``nybg2020/test/`` (metadata.json + images) and ``sample_submission.csv``.
``make_nybg`` also writes 2021's download (no ``nybg2020/`` folder, ``institutions``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

# category id -> image count: 1 image (kept in train), 2-4 images (last ones to test), >= 5 (sklearn split)
COUNTS = {15504: 7, 3: 1, 157: 3, 23079: 6, 9: 2, 4101: 5, 310: 4, 12000: 8}


def jpeg(rng: np.random.Generator) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, size=(8, 8, 3), dtype=np.uint8)).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def make_nybg(raw: Path, *, root: str, site_key: str, site_name: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    base = raw / root if root else raw
    items = [(cat, k) for cat, n in COUNTS.items() for k in range(n)]
    order = rng.permutation(len(items))  # Kaggle's metadata interleaves categories
    image_ids = rng.choice(np.arange(100000, 999999), len(items), replace=False)
    annotations, images = [], []
    for j, i in enumerate(order):
        cat = items[i][0]
        image_id = int(image_ids[j])
        file_name = f"images/{cat // 100:03d}/{cat % 100:02d}/{image_id}.jpg"
        annotations.append({"category_id": cat, "id": image_id, "image_id": image_id, site_name: int(rng.integers(0, 5))})
        images.append({"file_name": file_name, "height": 8, "id": image_id, "license": 0, "width": 8})
        path = base / "train" / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg(rng))
    categories = [{"family": "Asteraceae", "genus": "Solidago", "id": cat, "name": f"Solidago species {cat}"} for cat in COUNTS]
    categories[0]["name"] = "Hieracium \u00d7 flagellare"  # a non-ASCII name, as Kaggle's has
    metadata = {
        "annotations": annotations, "categories": categories, "images": images,
        "info": {"contributor": "New York Botanical Garden", "version": "1.0", "year": 2020},
        "licenses": [{"id": 0, "name": "Public Domain Dedication", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        site_key: [{"id": r, "name": f"Region {r}"} for r in range(5)],
    }
    (base / "train" / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    test_images = [{"file_name": f"images/000/{i}.jpg", "height": 8, "id": i, "license": 0, "width": 8} for i in range(3)]
    for image in test_images:
        path = base / "test" / image["file_name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg(rng))
    (base / "test" / "metadata.json").write_text(json.dumps({"images": test_images, "info": metadata["info"],
                                                              "licenses": metadata["licenses"]}))
    pd.DataFrame({"Id": range(3), "Predicted": 0}).to_csv(raw / "sample_submission.csv", index=False)


def make_raw(raw: Path) -> None:
    make_nybg(raw, root="nybg2020", site_key="regions", site_name="region_id", seed=2020)
