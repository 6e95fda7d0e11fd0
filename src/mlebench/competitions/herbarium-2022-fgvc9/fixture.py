"""Raw files laid out like Kaggle's herbarium-2022-fgvc9 download (tiny, synthetic).

``train_metadata.json`` (``annotations`` {category_id, genus_id, image_id, institution_id},
``images`` {file_name, image_id, license}, ``categories``, ``genera``, ``distances``,
``institutions``, ``licenses``), ``train_images/<ccc>/<cc>/<ccccc>__<kkk>.jpg``, Kaggle's
unlabelled ``test_metadata.json`` + ``test_images/<nnn>/test-<nnnnnn>.jpg`` and
``sample_submission.csv``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.registry import load_competition_module

_nybg = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "fixture")

COUNTS = {15504: 7, 3: 2, 157: 3, 23: 6, 9: 5, 4101: 4, 310: 10, 12000: 2}  # every category has >= 2 images
GENUS = {cat: i for i, cat in enumerate(COUNTS)}


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2022)
    items = [(cat, k) for cat, n in COUNTS.items() for k in range(1, n + 1)]
    annotations, images = [], []
    for i in rng.permutation(len(items)):
        cat, k = items[i]
        image_id = f"{cat:05d}__{k:03d}"
        file_name = f"{cat // 100:03d}/{cat % 100:02d}/{image_id}.jpg"
        annotations.append({"category_id": cat, "genus_id": GENUS[cat], "image_id": image_id, "institution_id": int(rng.integers(0, 3))})
        images.append({"file_name": file_name, "image_id": image_id, "license": 0})
        path = raw / "train_images" / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_nybg.jpeg(rng))
    metadata = {
        "annotations": annotations, "images": images,
        "categories": [{"authors": "L.", "category_id": cat, "family": "Asteraceae", "genus": f"Genus{GENUS[cat]}",
                        "scientific_name": f"Genus{GENUS[cat]} species{cat}", "species": f"species{cat}"} for cat in COUNTS],
        "genera": [{"genus": f"Genus{g}", "genus_id": g} for g in GENUS.values()],
        "distances": [{"distance": 0.5, "genus_id_x": 0, "genus_id_y": 1}],
        "institutions": [{"collectionCode": f"C{i}", "institution_id": i} for i in range(3)],
        "licenses": [{"id": 0, "name": "Public Domain Dedication", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}],
    }
    (raw / "train_metadata.json").write_text(json.dumps(metadata))
    test = [{"file_name": f"000/test-{i:06d}.jpg", "image_id": f"test-{i:06d}", "license": 0} for i in range(3)]
    for image in test:
        path = raw / "test_images" / image["file_name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_nybg.jpeg(rng))
    (raw / "test_metadata.json").write_text(json.dumps(test))
    pd.DataFrame({"Id": range(3), "Predicted": 42}).to_csv(raw / "sample_submission.csv", index=False)
