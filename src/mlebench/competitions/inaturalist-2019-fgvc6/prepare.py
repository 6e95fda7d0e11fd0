"""v1's recipe: Kaggle's labelled ``train2019.json`` (COCO-like; ``images`` and ``annotations`` pair
up by position) split per category, categories in order of first appearance: one image stays in
train, 2-4 images put their last ``max(1, int(0.12 n))`` in test, larger categories are split by
``train_test_split(test_size=0.12, random_state=0)`` (the herbarium-2020 helpers). Test images of all
categories are pooled and shuffled with ``random.Random(0)``; they keep their image id and move to
``test2019/<file name>``.

Public: ``train2019.json`` (every top-level key kept, only the train images and annotations),
``val2019.json`` (Kaggle's, as is), ``test2019.json`` (``images``, ``info``, ``licenses``),
``train_val2019.tar.gz`` and ``test2019.tar.gz`` (plain, uncompressed tar files despite the name,
as v1 writes them; members relative to the folder: ``<Kingdom>/<category>/<hash>.jpg`` and
``<hash>.jpg``), ``kaggle_sample_submission.csv`` (``id, predicted``; one constant category drawn
by ``random.Random(42).randint(0, 1009)``). Private: ``answers.csv`` (``id, predicted``).

Kaggle's ``train_val2019.tar.gz`` is read in place when ``train_val2019/`` is not already extracted
(the tar is streamed once, in archive order; only the images are written to the new tars).
"""

from __future__ import annotations

import json
import random
import shutil
import tarfile
from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_split = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "prepare")
TEST_SIZE = 0.12
SAMPLE_CATEGORY = random.Random(42).randint(0, 1009)  # v1 draws it afresh from Random(42) for every row


def _write_tars(raw: Path, public: Path, train_files: list[str], test_files: dict[str, str]) -> None:
    """``train_val2019.tar.gz`` (train images) and ``test2019.tar.gz`` (test images, renamed)."""
    wanted = {f: ("train", f.split("/", 1)[1]) for f in train_files}
    wanted.update({old: ("test", new.split("/", 1)[1]) for new, old in test_files.items()})
    with tarfile.open(public / "train_val2019.tar.gz", "w") as train_tar, tarfile.open(public / "test2019.tar.gz", "w") as test_tar:
        out = {"train": train_tar, "test": test_tar}
        written = 0
        if (raw / "train_val2019").is_dir():
            for old in sorted(wanted):
                split, arcname = wanted[old]
                out[split].add(raw / old, arcname=arcname)
                written += 1
        else:
            with tarfile.open(raw / "train_val2019.tar.gz", "r|*") as source:
                for member in source:
                    if not member.isfile() or member.name.lstrip("./") not in wanted:
                        continue
                    split, arcname = wanted[member.name.lstrip("./")]
                    info = tarfile.TarInfo(arcname)
                    info.size, info.mtime, info.mode = member.size, member.mtime, member.mode
                    out[split].addfile(info, source.extractfile(member))
                    written += 1
        if written != len(wanted):
            raise FileNotFoundError(f"{len(wanted) - written} image(s) listed in train2019.json are not in train_val2019")


def prepare(raw: Path, public: Path, private: Path) -> None:
    with open(raw / "train2019.json", encoding="utf-8") as f:
        metadata = json.load(f)
    groups = _split.group_by_category(metadata["annotations"], metadata["images"], "id")
    train_by_cat, test_by_cat = {}, {}
    for category_id, items in groups.items():
        train_by_cat[category_id], test_by_cat[category_id] = _split.split_category(items, True, test_size=TEST_SIZE)

    train_meta = {**metadata, "annotations": [], "images": []}
    for items in train_by_cat.values():
        for annotation, image in items:
            train_meta["annotations"].append(dict(annotation))
            train_meta["images"].append(dict(image))
    _split.write_json(train_meta, public / "train2019.json")
    shutil.copyfile(raw / "val2019.json", public / "val2019.json")

    test_meta = {k: v for k, v in metadata.items() if k not in ("categories", "annotations")}
    test_meta["images"] = []
    new_to_old: dict[str, str] = {}
    ids, labels = [], []
    for annotation, image in _split.shuffled_test(test_by_cat):
        new_name = "test2019/" + image["file_name"].split("/")[-1]
        new_to_old[new_name] = image["file_name"]
        test_meta["images"].append({**image, "file_name": new_name})
        ids.append(image["id"])
        labels.append(annotation["category_id"])
    if set(test_meta) != {"images", "info", "licenses"}:
        raise ValueError(f"unexpected top-level keys in Kaggle's train2019.json: {sorted(metadata)}")
    if len(new_to_old) != len(ids):
        raise ValueError("two test images share a file name")
    _split.write_json(test_meta, public / "test2019.json")

    answers = pd.DataFrame({"id": ids, "predicted": labels})
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(predicted=SAMPLE_CATEGORY).to_csv(public / "kaggle_sample_submission.csv", index=False)

    _write_tars(raw, public, [im["file_name"] for im in train_meta["images"]], new_to_old)
    assert len(train_meta["images"]) + len(ids) == len(metadata["images"])
