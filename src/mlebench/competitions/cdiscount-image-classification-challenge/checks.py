"""cdiscount-image-classification-challenge: v1's split and BSON files, streaming, grading.

Run by tests/competitions/test_competition_checks.py with `comp` (this competition, prepared from
fixture.py) and any pytest fixture a check names."""

from pathlib import Path

import bson
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "cdiscount-image-classification-challenge"
FOLDER = Path(__file__).resolve().parent


def _docs(path: Path) -> list[dict]:
    with open(path, "rb") as f:
        return list(bson.decode_file_iter(f))


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "category_names.csv", "description.md", "sample_submission.csv", "test.bson", "train.bson", "train_example.bson"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["_id", "category_id"]
    assert list(sample["_id"]) == list(answers["_id"]) == sorted(answers["_id"])
    assert (sample["category_id"] == 1000010653).all()


def test_split_is_v1s_train_test_split_of_the_labelled_products(comp, prepared):
    raw = _docs(prepared.raw_root / CID / "train.bson")
    table = pd.DataFrame([{"_id": d["_id"], "category_id": d["category_id"]} for d in raw])
    train, test = train_test_split(table, test_size=0.1, random_state=0)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert answers.equals(test.sort_values("_id").reset_index(drop=True))
    assert len(answers) == 13 and len(train) == 117  # the fixture's 130 labelled products


def test_bson_files_keep_products_in_file_order_and_hide_test_labels(comp, prepared):
    raw = _docs(prepared.raw_root / CID / "train.bson")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    test_ids = set(answers["_id"])
    train, test = _docs(comp.public_dir / "train.bson"), _docs(comp.public_dir / "test.bson")
    example = _docs(comp.public_dir / "train_example.bson")
    assert train == [d for d in raw if d["_id"] not in test_ids]
    assert test == [{k: v for k, v in d.items() if k != "category_id"} for d in raw if d["_id"] in test_ids]
    assert all("category_id" not in d for d in test) and [d["_id"] for d in test] == sorted(test_ids)
    assert len(train) > 100 and example == train[:100]
    assert (comp.public_dir / "train.bson").read_bytes().startswith((comp.public_dir / "train_example.bson").read_bytes())
    # Kaggle's unlabelled test products are not used
    assert not {d["_id"] for d in _docs(prepared.raw_root / CID / "test.bson")} & {d["_id"] for d in train + test}
    raw_names = prepared.raw_root / CID / "category_names.csv"
    assert (comp.public_dir / "category_names.csv").read_bytes() == raw_names.read_bytes()


def test_corrupt_or_truncated_bson_is_an_error(comp, prepared, tmp_path):
    data = (prepared.raw_root / CID / "train.bson").read_bytes()
    prepare = comp.prepare_fn
    for name, broken in (("truncated", data[:-7]), ("zero length", data + b"\x00\x00\x00\x00")):
        raw = tmp_path / name.replace(" ", "_")
        for sub in ("raw", "public", "private"):
            (raw / sub).mkdir(parents=True)
        (raw / "raw" / "train.bson").write_bytes(broken)
        (raw / "raw" / "category_names.csv").write_text("category_id\n1\n")
        with pytest.raises(ValueError, match="train.bson"):
            prepare(raw=raw / "raw", public=raw / "public", private=raw / "private")


def test_prepare_streams_a_train_bson_larger_than_its_memory_cap(tmp_path, prepare_under_memory_cap):
    """48 MiB of headroom over the loaded prepare module; train.bson is 160 MiB. Reading it whole (or
    keeping the documents) fails."""
    raw = tmp_path / "raw"
    raw.mkdir()
    picture = np.random.default_rng(0).bytes(80 * 1024)
    with open(raw / "train.bson", "wb") as f:
        for i in range(2048):
            f.write(bson.encode({"_id": 3 * i, "imgs": [{"picture": picture}], "category_id": 1000000000 + i % 7}))
    (raw / "category_names.csv").write_text("category_id\n1000000000\n")
    prepare_under_memory_cap(FOLDER, raw)
    assert len(pd.read_csv(tmp_path / "private" / "answers.csv")) == 205
    assert (tmp_path / "public" / "train.bson").stat().st_size > 140 * 2**20  # 1843 of the 2048 products


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"_id": [2, 5, 6, 9], "category_id": [1000000055, 1000016018, 1000016055, 1000016055]})
    sub = pd.DataFrame({"_id": [9, 6, 5, 2], "category_id": [1000016055, 1000016018, 1000016018, 1000010653]})
    # 9 right, 6 wrong, 5 right, 2 wrong: accuracy 2/4
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5)
    assert comp.grader.grade(sub.assign(category_id=sub["category_id"].astype(float)), answers).score == pytest.approx(0.5)
    assert comp.grader.grade(sub.assign(category_id=[1000016055, "ROMAN", 1000016018, 0]), answers).score is None
    assert comp.grader.grade(sub.assign(_id=[9, 6, 5, 5]), answers).score is None
    assert comp.grader.grade(sub.iloc[:3], answers).score is None
    assert comp.grader.grade(sub.rename(columns={"category_id": "category"}), answers).score is None
