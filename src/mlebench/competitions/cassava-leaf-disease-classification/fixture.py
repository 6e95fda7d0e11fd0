"""Raw files laid out like Kaggle's cassava-leaf-disease-classification download (tiny, synthetic).

``train.csv`` (``image_id, label``; ids such as ``1000015157.jpg``, labels 0-4),
``label_num_to_disease_map.json``, ``train_images/<image_id>`` (JPEG), sixteen
``train_tfrecords/ld_trainNN-<count>.tfrec`` files of tf.train.Example records (``image``,
``image_name``, ``target``) and Kaggle's one-image ``test_images/`` + ``sample_submission.csv``.
"""

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from mlebench.registry import load_competition_module

_siim = load_competition_module(Path(__file__).resolve().parent.parent / "siim-isic-melanoma-classification", "fixture")

N_FILES, PER_FILE = 16, 3
DISEASES = {"0": "Cassava Bacterial Blight (CBB)", "1": "Cassava Brown Streak Disease (CBSD)",
            "2": "Cassava Green Mottle (CGM)", "3": "Cassava Mosaic Disease (CMD)", "4": "Healthy"}


def _jpeg(rng: np.random.Generator, label: int) -> bytes:
    pixels = rng.integers(0, 100, size=(8, 8, 3), dtype=np.uint8)
    pixels[label, :, 1] = 220  # a green row whose place depends on the label
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(21397)
    n = N_FILES * PER_FILE
    ids = [f"{i}.jpg" for i in rng.choice(np.arange(1000015157, 999999999 + 1000000000), n, replace=False)]
    labels = rng.choice(5, n, p=[0.05, 0.1, 0.1, 0.6, 0.15])
    pd.DataFrame({"image_id": ids, "label": labels}).to_csv(raw / "train.csv", index=False)
    (raw / "label_num_to_disease_map.json").write_text(json.dumps(DISEASES))
    images = {image_id: _jpeg(rng, int(label)) for image_id, label in zip(ids, labels)}
    (raw / "train_images").mkdir()
    for image_id, data in images.items():
        (raw / "train_images" / image_id).write_bytes(data)
    (raw / "train_tfrecords").mkdir()
    order = rng.permutation(n)
    for f in range(N_FILES):
        rows = order[f * PER_FILE : (f + 1) * PER_FILE]
        examples = [_siim._example({"image": images[ids[k]], "image_name": ids[k].encode(), "target": int(labels[k])})
                    for k in rows]
        _siim._write_tfrecord(raw / "train_tfrecords" / f"ld_train{f:02d}-{1330 + f}.tfrec", examples)
    (raw / "test_images").mkdir()
    (raw / "test_images" / "2216849948.jpg").write_bytes(_jpeg(rng, 0))
    pd.DataFrame({"image_id": ["2216849948.jpg"], "label": [4]}).to_csv(raw / "sample_submission.csv", index=False)
