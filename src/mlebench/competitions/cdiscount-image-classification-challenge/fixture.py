"""Raw files laid out like Kaggle's cdiscount-image-classification-challenge download (tiny, synthetic).

``train.bson``: one BSON document per product, ``{"_id": int, "imgs": [{"picture": <JPEG bytes>},
...] (1-4 images), "category_id": int}``, in increasing ``_id`` order; ``test.bson``: the same
without ``category_id``; ``train_example.bson``: the first 100 documents of ``train.bson``;
``category_names.csv`` (``category_id, category_level1, category_level2, category_level3``);
``sample_submission.csv`` (``_id, category_id``, every category 1000010653). Product ids are
shared out between train and test, as on Kaggle. 130 labelled products (and 30 test ones), so
that the prepared train set (117) holds more than the 100 products of ``train_example.bson``.
"""

from __future__ import annotations

import io
from pathlib import Path

import bson
import numpy as np
import pandas as pd
from PIL import Image

CATEGORIES = {
    1000010653: ("TELEPHONIE - GPS", "ACCESSOIRE TELEPHONE", "COQUE TELEPHONE - BUMPER TELEPHONE"),
    1000000055: ("ABONNEMENT / SERVICES", "CARTE PREPAYEE", "CARTE PREPAYEE MULTIMEDIA"),
    1000016018: ("LIBRAIRIE", "AUTRES LIVRES", "AUTRES LIVRES"),
    1000016055: ("LIBRAIRIE", "LITTERATURE", "ROMAN"),
    1000004079: ("AUTO - MOTO", "PIECES", "PNEUMATIQUE"),
    1000018290: ("INFORMATIQUE", "CONNECTIQUE", "CABLE USB"),
    1000001859: ("BIJOUX - LUNETTES - MONTRES", "BIJOUX", "BAGUE"),
}
N_TRAIN, N_TEST = 130, 30


def _jpeg(rng: np.random.Generator, k: int) -> bytes:
    pixels = rng.integers(0, 120, size=(8, 8, 3), dtype=np.uint8)
    pixels[:, k % 8, k % 3] = 230  # a bright column whose place depends on the category
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def _product(rng: np.random.Generator, _id: int, k: int) -> dict:
    return {"_id": _id, "imgs": [{"picture": _jpeg(rng, k)} for _ in range(int(rng.integers(1, 5)))]}


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(1768182)
    ids = np.sort(rng.choice(np.arange(0, 4 * (N_TRAIN + N_TEST)), size=N_TRAIN + N_TEST, replace=False))
    test = set(rng.choice(ids, size=N_TEST, replace=False).tolist())
    categories = list(CATEGORIES)
    train_docs, test_docs = [], []
    for _id in ids.tolist():
        k = int(rng.integers(0, len(categories)))
        doc = _product(rng, _id, k)
        if _id in test:
            test_docs.append(doc)
        else:
            train_docs.append({**doc, "category_id": categories[k]})
    (raw / "train.bson").write_bytes(b"".join(bson.encode(d) for d in train_docs))
    (raw / "train_example.bson").write_bytes(b"".join(bson.encode(d) for d in train_docs[:100]))
    (raw / "test.bson").write_bytes(b"".join(bson.encode(d) for d in test_docs))
    pd.DataFrame(
        [(cid, *levels) for cid, levels in CATEGORIES.items()],
        columns=["category_id", "category_level1", "category_level2", "category_level3"],
    ).to_csv(raw / "category_names.csv", index=False)
    pd.DataFrame({"_id": [d["_id"] for d in test_docs], "category_id": 1000010653}).to_csv(
        raw / "sample_submission.csv", index=False)
