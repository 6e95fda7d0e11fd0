"""Raw files laid out like Kaggle's inaturalist-2019-fgvc6 download (tiny, synthetic).

``train2019.json`` / ``val2019.json`` (COCO-like: ``images`` {id, file_name, width, height,
license, rights_holder}, ``annotations`` {id, image_id, category_id}, ``categories`` {id, name,
kingdom, phylum, class, order, family, genus}, ``info``, ``licenses``), ``train_val2019.tar.gz``
(gzip tar of ``train_val2019/<Kingdom>/<category>/<32-hex>.jpg``), Kaggle's unlabelled
``test2019.json`` + ``test2019.tar.gz`` and ``kaggle_sample_submission.csv``.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.registry import load_competition_module

_nybg = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "fixture")

# category id -> (kingdom, number of train+val images): 1, 2-4 and >= 5 images
COUNTS = {400: ("Plants", 9), 3: ("Insects", 1), 17: ("Birds", 4), 862: ("Plants", 6), 1009: ("Fungi", 2), 45: ("Insects", 12)}
LICENSES = [{"id": 0, "name": "Attribution-NonCommercial License", "url": "http://creativecommons.org/licenses/by-nc/4.0/"}]
INFO = {"contributor": "iNaturalist", "date_created": "2019-03-01", "description": "iNaturalist 2019", "year": 2019}


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), 1551398400
    tar.addfile(info, io.BytesIO(data))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2019)
    items = [(cat, k) for cat, (_, n) in COUNTS.items() for k in range(n)]
    categories = [{"class": "C", "family": "F", "genus": "G", "id": cat, "kingdom": kingdom, "name": f"Species {cat}",
                   "order": "O", "phylum": "P"} for cat, (kingdom, _) in COUNTS.items()]
    annotations, images = [], []
    with tarfile.open(raw / "train_val2019.tar.gz", "w:gz") as tar:
        for n, i in enumerate(rng.permutation(len(items))):
            cat = items[i][0]
            file_name = f"train_val2019/{COUNTS[cat][0]}/{cat}/{int(rng.integers(0, 2**62)):032x}.jpg"
            images.append({"file_name": file_name, "height": 8, "id": n, "license": 0, "rights_holder": f"user{n}", "width": 8})
            annotations.append({"category_id": cat, "id": n, "image_id": n})
            _add(tar, file_name, _nybg.jpeg(rng))
        val_images, val_annotations = [], []  # Kaggle's validation images: in the tar, not in train2019.json
        for k, cat in enumerate([400, 862, 45]):
            file_name = f"train_val2019/{COUNTS[cat][0]}/{cat}/{int(rng.integers(0, 2**62)):032x}.jpg"
            val_images.append({"file_name": file_name, "height": 8, "id": 265213 + k, "license": 0, "rights_holder": "v", "width": 8})
            val_annotations.append({"category_id": cat, "id": 265213 + k, "image_id": 265213 + k})
            _add(tar, file_name, _nybg.jpeg(rng))
    train = {"annotations": annotations, "categories": categories, "images": images, "info": INFO, "licenses": LICENSES}
    (raw / "train2019.json").write_text(json.dumps(train))
    (raw / "val2019.json").write_text(json.dumps({**train, "annotations": val_annotations, "images": val_images}))
    test_images = [{"file_name": f"test2019/{int(rng.integers(0, 2**62)):032x}.jpg", "height": 8, "id": 268243 + k,
                    "license": 0, "rights_holder": "someone", "width": 8} for k in range(3)]
    with tarfile.open(raw / "test2019.tar.gz", "w:gz") as tar:
        for image in test_images:
            _add(tar, image["file_name"], _nybg.jpeg(rng))
    (raw / "test2019.json").write_text(json.dumps({"images": test_images, "info": INFO, "licenses": LICENSES}))
    pd.DataFrame({"id": [im["id"] for im in test_images], "predicted": 0}).to_csv(raw / "kaggle_sample_submission.csv", index=False)
