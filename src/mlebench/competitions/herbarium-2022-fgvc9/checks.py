"""herbarium-2022-fgvc9: v1's per-category split with renamed images, files and grading."""

import json
import random
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

_h2020 = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "checks")
CID = "herbarium-2022-fgvc9"


def test_files_and_layout(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test_images", "test_metadata.json", "train_images", "train_metadata.json"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["Id", "Predicted"]
    assert list(answers["Id"]) == list(sample["Id"]) == list(range(len(answers))) and (sample["Predicted"] == 42).all()
    test_meta = json.loads((comp.public_dir / "test_metadata.json").read_text())
    assert isinstance(test_meta, list) and sorted(test_meta[0]) == ["file_name", "image_id", "license"]
    assert [im["file_name"] for im in test_meta] == [f"{i // 1000:03d}/test-{i:06d}.jpg" for i in range(len(answers))]
    assert sorted(p.relative_to(comp.public_dir / "test_images").as_posix()
                  for p in (comp.public_dir / "test_images").rglob("*.jpg")) == sorted(im["file_name"] for im in test_meta)
    train_meta = json.loads((comp.public_dir / "train_metadata.json").read_text())
    assert {"categories", "genera", "distances", "institutions"} <= set(train_meta)
    for annotation, image in zip(train_meta["annotations"], train_meta["images"]):
        cat = annotation["category_id"]
        assert annotation["image_id"] == image["image_id"] and image["image_id"].startswith(f"{cat:05d}__")
        assert image["file_name"] == f"{cat // 100:03d}/{cat % 100:02d}/{image['image_id']}.jpg"
        assert (comp.public_dir / "train_images" / image["file_name"]).is_file()


def test_split_follows_v1(comp, prepared):
    raw = prepared.raw_root / CID
    metadata = json.loads((raw / "train_metadata.json").read_text())
    groups: dict = {}
    for annotation, image in zip(metadata["annotations"], metadata["images"]):
        groups.setdefault(annotation["category_id"], []).append((annotation["category_id"], image["file_name"]))
    train, test = [], []
    for items in groups.values():
        a, b = train_test_split(items, test_size=0.2, random_state=0)
        train += a
        test += b
    random.Random(0).shuffle(test)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert list(answers["Predicted"]) == [cat for cat, _ in test]
    for i, (_, file_name) in enumerate(test):
        assert (comp.public_dir / "test_images" / f"{i // 1000:03d}/test-{i:06d}.jpg").read_bytes() == (
            raw / "train_images" / file_name).read_bytes()
    train_meta = json.loads((comp.public_dir / "train_metadata.json").read_text())
    renamed = [im["file_name"] for im in train_meta["images"]]
    assert [(raw / "train_images" / f).read_bytes() for _, f in train] == [
        (comp.public_dir / "train_images" / f).read_bytes() for f in renamed]
    assert len(renamed) == len(train) and set(answers["Predicted"]) == set(groups)


def test_hand_checked_score(comp):
    _h2020.check_hand_checked_score(comp)
