"""iwildcam-2020-fgvc7: v1's location split, files and grading."""

from pathlib import Path
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "iwildcam-2020-fgvc7"


def test_files_and_location_split_follow_v1(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "iwildcam2020_megadetector_results.json", "iwildcam2020_test_information.json",
        "iwildcam2020_train_annotations.json", "sample_submission.csv", "test", "train"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    full = json.loads((raw / "iwildcam2020_train_annotations.json").read_text())
    location = {im["id"]: im["location"] for im in full["images"]}
    locations = list(dict.fromkeys(im["location"] for im in full["images"]))
    train_locs, test_locs = (list(x) for x in train_test_split(np.array(locations), test_size=0.22, random_state=0))
    size = {loc: sum(1 for v in location.values() if v == loc) for loc in locations}
    while sum(size[x] for x in test_locs) / (len(location) + sum(size[x] for x in test_locs)) < 0.22:
        test_locs.append(train_locs.pop())
    while sum(size[x] for x in test_locs) / (len(location) + sum(size[x] for x in test_locs)) > 0.22:
        train_locs.append(test_locs.pop())
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert list(answers["Id"]) == [a["image_id"] for a in full["annotations"] if location[a["image_id"]] in test_locs]
    assert list(answers["Category"]) == [a["category_id"] for a in full["annotations"] if location[a["image_id"]] in test_locs]
    assert 0 < len(answers) < len(location)
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample["Id"]) == list(answers["Id"])
    assert list(sample["Category"]) == list(np.random.RandomState(0).randint(0, 676, size=len(answers)))
    test_info = json.loads((comp.public_dir / "iwildcam2020_test_information.json").read_text())
    assert sorted(test_info) == ["categories", "images", "info"]
    assert [im["id"] for im in test_info["images"]] == list(answers["Id"])
    assert {im["location"] for im in test_info["images"]} == set(test_locs)
    train_info = json.loads((comp.public_dir / "iwildcam2020_train_annotations.json").read_text())
    assert {a["image_id"] for a in train_info["annotations"]}.isdisjoint(answers["Id"])
    assert {im["location"] for im in train_info["images"]} == set(train_locs)
    assert sorted(p.stem for p in (comp.public_dir / "test").iterdir()) == sorted(answers["Id"])
    for image_id in answers["Id"]:
        assert (comp.public_dir / "test" / f"{image_id}.jpg").read_bytes() == (raw / "train" / f"{image_id}.jpg").read_bytes()
    assert len(list((comp.public_dir / "train").iterdir())) == len(train_info["images"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": ["a", "b", "c", "d"], "Category": [0, 372, 372, 2]})
    sub = pd.DataFrame({"Id": ["d", "c", "b", "a"], "Category": [2, 0, 372, 0]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.75)
    assert comp.grader.grade(sub.assign(Category=[2, "paca", 372, 0]), answers).score is None
    assert comp.grader.grade(sub.assign(Id=["d", "c", "b", "b"]), answers).score is None


def test_prepare_streams_raw_files_larger_than_its_memory_cap(tmp_path, assert_media_copied_under_memory_cap):
    """The camera-trap images hold 160 MiB, the prepare 48 MiB of headroom: they are copied file by file."""
    assert_media_copied_under_memory_cap(Path(__file__).resolve().parent, tmp_path, "train/*.jpg", "*/*.jpg")
