"""herbarium-2020-fgvc7: v1's per-category split, files and grading (2021 reuses the check_* helpers)."""

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "herbarium-2020-fgvc7"


def check_files_and_layout(comp, root: str) -> None:
    base = comp.public_dir / root if root else comp.public_dir
    top = sorted(p.name for p in comp.public_dir.iterdir())
    expected = ["description.md", "sample_submission.csv"] + ([root] if root else ["test", "train"])
    assert top == sorted(expected)
    if root:
        assert sorted(p.name for p in base.iterdir()) == ["test", "train"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["Id", "Predicted"]
    assert list(answers["Id"]) == list(sample["Id"]) == list(range(len(answers)))
    assert (sample["Predicted"] == 0).all()
    test_meta = json.loads((base / "test" / "metadata.json").read_text())
    assert sorted(test_meta) == ["images", "info", "licenses"]  # no annotations, categories or sites
    assert [im["id"] for im in test_meta["images"]] == [str(i) for i in range(len(answers))]
    assert [im["file_name"] for im in test_meta["images"]] == [f"images/{i // 1000:03d}/{i}.jpg" for i in range(len(answers))]
    assert sorted(p.relative_to(base / "test").as_posix() for p in (base / "test" / "images").rglob("*.jpg")) == sorted(
        im["file_name"] for im in test_meta["images"])
    train_meta = json.loads((base / "train" / "metadata.json").read_text())
    assert len(train_meta["images"]) == len(train_meta["annotations"])
    for image in train_meta["images"]:
        assert (base / "train" / image["file_name"]).is_file()


def check_split(comp, raw: Path, root: str, encoding: str) -> None:
    base = comp.public_dir / root if root else comp.public_dir
    metadata = json.loads((raw / "train" / "metadata.json").read_text(encoding=encoding))
    groups: dict = {}
    for annotation, image in zip(metadata["annotations"], metadata["images"]):
        groups.setdefault(annotation["category_id"], []).append((annotation["category_id"], image["file_name"]))
    test = []
    for items in groups.values():
        n = len(items)
        if n == 1:
            continue
        test += items[-max(1, int(0.2 * n)):] if n < 5 else train_test_split(items, test_size=0.2, random_state=0)[1]
    random.Random(0).shuffle(test)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert list(answers["Predicted"]) == [cat for cat, _ in test]
    for i, (_, file_name) in enumerate(test):  # the test image is Kaggle's image, renamed
        assert (base / "test" / f"images/{i // 1000:03d}/{i}.jpg").read_bytes() == (raw / "train" / file_name).read_bytes()
    train_meta = json.loads((base / "train" / "metadata.json").read_text())
    assert {im["file_name"] for im in train_meta["images"]}.isdisjoint(f for _, f in test)
    assert len(train_meta["images"]) + len(answers) == len(metadata["images"])
    # every category of one image stays in train; every other category is in the test set
    assert set(answers["Predicted"]) == {c for c, items in groups.items() if len(items) > 1}


def check_hand_checked_score(comp) -> None:
    answers = pd.DataFrame({"Id": [0, 1, 2, 3], "Predicted": [5, 5, 7, 9]})
    sub = pd.DataFrame({"Id": [3, 2, 1, 0], "Predicted": [9, 5, 5, 5]})
    # F1: class 5 (tp 2, fp 1) = 0.8, class 7 = 0, class 9 = 1 -> macro 0.6
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.6)
    assert comp.grader.grade(sub.assign(Predicted=["9", "5", "five", "5"]), answers).score is None
    assert comp.grader.grade(sub.iloc[:3], answers).score is None
    result = comp.grader.grade(sub.assign(Predicted=[9, 5, 3.5, 5]), answers)
    assert result.score is None and "3.5" in result.invalid_reason


def test_files_and_layout(comp):
    check_files_and_layout(comp, "nybg2020")


def test_split_follows_v1(comp, prepared):
    check_split(comp, prepared.raw_root / CID / "nybg2020", "nybg2020", "latin-1")


def test_metadata_is_read_as_latin_1_like_v1(comp):
    text = (comp.public_dir / "nybg2020" / "train" / "metadata.json").read_text()
    assert text.isascii() and "Hieracium \\u00c3\\u0097 flagellare" in text  # v1's Latin-1 reading of UTF-8 "×"


def test_hand_checked_score(comp):
    check_hand_checked_score(comp)
