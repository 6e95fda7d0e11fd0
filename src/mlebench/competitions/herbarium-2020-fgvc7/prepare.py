"""v1's recipe for the New York Botanical Garden herbarium sets of 2020 and 2021 (2021 reuses it).

Kaggle's labelled ``train/metadata.json`` (COCO-like: ``images`` and ``annotations`` pair up by
position) is split per category, categories in order of first appearance: a category with one
image stays in train; one with 2-4 images puts its last ``max(1, int(0.2 n))`` images in test;
larger ones are split by ``train_test_split(test_size=0.2, random_state=0)``. The test images of
all categories are pooled and shuffled with ``random.Random(0)``; the i-th becomes image ``"i"``,
file ``images/{i // 1000:03d}/{i}.jpg``.

Public (under ``<root>/``, ``nybg2020/`` in 2020 and nothing in 2021): ``train/metadata.json``
(every top-level key kept, only the train images and annotations), ``train/images/...`` (Kaggle's
own paths, which name the category), ``test/metadata.json`` (``images``, ``info``, ``licenses``)
and ``test/images/...``; ``sample_submission.csv`` (``Id, Predicted``; every prediction 0).
Private: ``answers.csv`` (``Id, Predicted`` = category id). JSON is written as v1 writes it
(``indent=4, sort_keys=True``, ASCII escapes); 2020's metadata is read as Latin-1, as v1 reads it.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.2, 0


def group_by_category(annotations: list[dict], images: list[dict], image_key: str) -> dict[int, list[tuple[dict, dict]]]:
    """``{category_id: [(annotation, image), ...]}`` in order of first appearance."""
    groups: dict[int, list[tuple[dict, dict]]] = {}
    for annotation, image in zip(annotations, images, strict=True):
        if annotation["image_id"] != image[image_key]:
            raise ValueError(f"annotation for image {annotation['image_id']} is paired with image {image[image_key]}")
        groups.setdefault(annotation["category_id"], []).append((annotation, image))
    return groups


def split_category(items: list, small_categories: bool, test_size: float = TEST_SIZE) -> tuple[list, list]:
    """v1's per-category split (80/20 here; with the 1- and 2-4-image rules when ``small_categories``)."""
    n = len(items)
    if small_categories and n == 1:
        return items, []
    if small_categories and n < 5:
        k = max(1, int(n * test_size))
        return items[:-k], items[-k:]
    train, test = train_test_split(items, test_size=test_size, random_state=SEED)
    return train, test


def shuffled_test(test_by_category: dict[int, list]) -> list:
    pooled = [item for items in test_by_category.values() for item in items]
    random.Random(SEED).shuffle(pooled)
    return pooled


def write_json(obj, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=4, sort_keys=True)


def write_answers(ids: list[str], labels: list[int], private: Path, public: Path, sample_label: int) -> None:
    pd.DataFrame({"Id": ids, "Predicted": labels}).to_csv(private / "answers.csv", index=False)
    pd.DataFrame({"Id": ids, "Predicted": sample_label}).to_csv(public / "sample_submission.csv", index=False)


def prepare_nybg(raw: Path, public: Path, private: Path, *, root: str, encoding: str, site_key: str) -> None:
    """2020 (``root="nybg2020"``, Latin-1, ``regions``) and 2021 (``root=""``, UTF-8, ``institutions``)."""
    src, dst = raw / root / "train", public / root
    with open(src / "metadata.json", encoding=encoding) as f:
        metadata = json.load(f)
    groups = group_by_category(metadata["annotations"], metadata["images"], "id")
    train_by_cat, test_by_cat = {}, {}
    for category_id, items in groups.items():
        train_by_cat[category_id], test_by_cat[category_id] = split_category(items, small_categories=True)

    train_meta = {**metadata, "annotations": [], "images": []}
    for category_id, items in train_by_cat.items():
        (dst / "train" / "images" / f"{category_id // 100:03d}" / f"{category_id % 100:02d}").mkdir(parents=True, exist_ok=True)
        for annotation, image in items:
            train_meta["annotations"].append(dict(annotation))
            train_meta["images"].append(dict(image))
            target = dst / "train" / image["file_name"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / image["file_name"], target)
    write_json(train_meta, dst / "train" / "metadata.json")

    test_meta = {k: v for k, v in metadata.items() if k not in ("categories", site_key, "annotations")}
    test_meta["images"] = []
    ids, labels = [], []
    for idx, (annotation, image) in enumerate(shuffled_test(test_by_cat)):
        file_name = f"images/{idx // 1000:03d}/{idx}.jpg"
        test_meta["images"].append({**image, "id": str(idx), "file_name": file_name})
        ids.append(str(idx))
        labels.append(annotation["category_id"])
        target = dst / "test" / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / image["file_name"], target)
    if set(test_meta) != {"images", "info", "licenses"}:
        raise ValueError(f"unexpected top-level keys in Kaggle's metadata.json: {sorted(metadata)}")
    write_json(test_meta, dst / "test" / "metadata.json")
    write_answers(ids, labels, private, public, sample_label=0)

    assert len(train_meta["images"]) + len(ids) == len(metadata["images"])
    assert sum(1 for _ in (dst / "test" / "images").glob("*/*.jpg")) == len(ids)


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_nybg(raw, public, private, root="nybg2020", encoding="latin-1", site_key="regions")
