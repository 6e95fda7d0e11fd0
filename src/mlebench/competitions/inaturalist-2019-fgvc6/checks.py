"""inaturalist-2019-fgvc6: v1's per-category 88/12 split, files and grading."""

import io
import json
import random
import shutil
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

CID = "inaturalist-2019-fgvc6"


def _members(path):
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def _raw_images(raw):
    return _members(raw / "train_val2019.tar.gz")


def test_files_and_split_follow_v1(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "kaggle_sample_submission.csv", "test2019.json", "test2019.tar.gz",
        "train2019.json", "train_val2019.tar.gz", "val2019.json"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    metadata = json.loads((raw / "train2019.json").read_text())
    groups: dict = {}
    for annotation, image in zip(metadata["annotations"], metadata["images"]):
        groups.setdefault(annotation["category_id"], []).append((image["id"], annotation["category_id"], image["file_name"]))
    train, test = [], []
    for items in groups.values():
        n = len(items)
        if n == 1:
            a, b = items, []
        elif n < 5:
            k = max(1, int(0.12 * n))
            a, b = items[:-k], items[-k:]
        else:
            a, b = train_test_split(items, test_size=0.12, random_state=0)
        train += a
        test += b
    random.Random(0).shuffle(test)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert list(answers["id"]) == [i for i, _, _ in test] and list(answers["predicted"]) == [c for _, c, _ in test]
    sample = pd.read_csv(comp.public_dir / "kaggle_sample_submission.csv")
    assert list(sample["id"]) == list(answers["id"]) and (sample["predicted"] == random.Random(42).randint(0, 1009)).all()

    images = _raw_images(raw)
    public_train = _members(comp.public_dir / "train_val2019.tar.gz")
    assert public_train == {f.split("/", 1)[1]: images[f] for _, _, f in train}  # val photos not included
    public_test = _members(comp.public_dir / "test2019.tar.gz")
    assert public_test == {f.split("/")[-1]: images[f] for _, _, f in test}
    test_meta = json.loads((comp.public_dir / "test2019.json").read_text())
    assert sorted(test_meta) == ["images", "info", "licenses"]
    assert [im["file_name"] for im in test_meta["images"]] == ["test2019/" + f.split("/")[-1] for _, _, f in test]
    train_meta = json.loads((comp.public_dir / "train2019.json").read_text())
    assert [im["id"] for im in train_meta["images"]] == [i for i, _, _ in train] and "categories" in train_meta
    assert (comp.public_dir / "val2019.json").read_bytes() == (raw / "val2019.json").read_bytes()


def test_extracted_tar_prepares_the_same(comp, prepared, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / CID, raw)
    with tarfile.open(raw / "train_val2019.tar.gz") as tar:
        tar.extractall(raw, filter="data")
    (raw / "train_val2019.tar.gz").unlink()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for rel in ["private/answers.csv", "public/train2019.json", "public/test2019.json", "public/kaggle_sample_submission.csv"]:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes()
    for name in ["train_val2019.tar.gz", "test2019.tar.gz"]:
        assert _members(tmp_path / "public" / name) == _members(comp.public_dir / name)


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [10, 11, 12, 13], "predicted": [400, 3, 17, 17]})
    sub = pd.DataFrame({"id": [13, 12, 11, 10], "predicted": ["17 400", "17", "3 17 400", "0"]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.25)  # only id 10 wrong
    assert comp.grader.grade(sub.assign(predicted=[17, 3, 3, 400]), answers).score == pytest.approx(0.25)  # id 12
    for bad in (["17", "x 3", "3", "0"], ["17", None, "3", "0"], ["17", "3.0", "3", "0"]):
        result = comp.grader.grade(sub.assign(predicted=bad), answers)
        assert result.score is None and result.invalid_reason


def test_prepare_streams_a_train_tar_larger_than_its_memory_cap(tmp_path, prepare_under_memory_cap):
    """48 MiB of headroom over the loaded prepare module; train_val2019.tar.gz holds 160 MiB of images
    (the fixture's, padded). The tar is read member by member and the new tars written the same way."""
    folder = Path(__file__).resolve().parent
    raw = tmp_path / "raw"
    raw.mkdir()
    load_competition_module(folder, "fixture").make_raw(raw)
    with tarfile.open(raw / "train_val2019.tar.gz") as source:
        names = [m.name for m in source.getmembers() if m.isfile()]
    each = 160 * 2**20 // len(names) + 1
    image = np.random.default_rng(0).bytes(each)
    with tarfile.open(raw / "train_val2019.tar.gz", "w") as out:  # plain tar, as Kaggle's extracted files are read
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = each
            out.addfile(info, io.BytesIO(image))
    prepare_under_memory_cap(folder, raw)
    written = 0
    for name in ("train_val2019.tar.gz", "test2019.tar.gz"):
        with tarfile.open(tmp_path / "public" / name) as tar:
            sizes = [m.size for m in tar.getmembers()]
        assert set(sizes) == {each}
        written += len(sizes)
    assert written == len(json.loads((raw / "train2019.json").read_text())["images"]) and written * each > 140 * 2**20
