"""v1's recipe for 2022 (the 2020 helpers, see herbarium-2020-fgvc7/prepare.py, with 2022's renaming).

Kaggle's labelled ``train_metadata.json`` is split per category (order of first appearance) by
``train_test_split(test_size=0.2, random_state=0)``; every category must keep images on both sides.
Train images are renumbered within their category: ``{category:05d}__{k:03d}`` (k from 1), file
``{category // 100:03d}/{category % 100:02d}/<id>.jpg`` under ``train_images/``. Test images of all
categories are pooled and shuffled with ``random.Random(0)``; the i-th becomes image ``"i"``, file
``{i // 1000:03d}/test-{i:06d}.jpg`` under ``test_images/``.

Public: ``train_metadata.json`` (every top-level key kept, train images and annotations renamed),
``test_metadata.json`` (the list of test image records only), ``train_images/``, ``test_images/``,
``sample_submission.csv`` (``Id, Predicted``; every prediction 42). Private: ``answers.csv``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mlebench.registry import load_competition_module

_nybg = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "prepare")
SAMPLE_LABEL = 42


def prepare(raw: Path, public: Path, private: Path) -> None:
    with open(raw / "train_metadata.json", encoding="utf-8") as f:
        metadata = json.load(f)
    groups = _nybg.group_by_category(metadata["annotations"], metadata["images"], "image_id")
    train_by_cat, test_by_cat = {}, {}
    for category_id, items in groups.items():
        train, test = _nybg.split_category(items, small_categories=False)
        if not train or not test:
            raise ValueError(f"category {category_id} has {len(items)} image(s); v1's split needs 2 or more")
        train_by_cat[category_id], test_by_cat[category_id] = train, test

    train_meta = {**metadata, "annotations": [], "images": []}
    for category_id, items in train_by_cat.items():
        subdir = f"{category_id // 100:03d}/{category_id % 100:02d}"
        (public / "train_images" / subdir).mkdir(parents=True, exist_ok=True)
        for k, (annotation, image) in enumerate(items, start=1):
            image_id = f"{category_id:05d}__{k:03d}"
            file_name = f"{subdir}/{image_id}.jpg"
            train_meta["annotations"].append({**annotation, "image_id": image_id})
            train_meta["images"].append({**image, "image_id": image_id, "file_name": file_name})
            shutil.copyfile(raw / "train_images" / image["file_name"], public / "train_images" / file_name)
    _nybg.write_json(train_meta, public / "train_metadata.json")

    test_images, ids, labels = [], [], []
    for idx, (annotation, image) in enumerate(_nybg.shuffled_test(test_by_cat)):
        file_name = f"{idx // 1000:03d}/test-{idx:06d}.jpg"
        test_images.append({**image, "image_id": str(idx), "file_name": file_name})
        ids.append(str(idx))
        labels.append(annotation["category_id"])
        target = public / "test_images" / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw / "train_images" / image["file_name"], target)
    _nybg.write_json(test_images, public / "test_metadata.json")
    _nybg.write_answers(ids, labels, private, public, sample_label=SAMPLE_LABEL)

    assert len(train_meta["images"]) + len(ids) == len(metadata["images"])
    assert sum(1 for _ in (public / "test_images").glob("*/*.jpg")) == len(ids)
