"""dogs-vs-cats-redux-kernels-edition: v1's prepared files, renaming, split and grading."""

import hashlib
import math
import zipfile

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split


CID = "dogs-vs-cats-redux-kernels-edition"


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "test.zip", "train", "train.zip",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["id", "label"]
    assert list(answers["id"]) == list(sample["id"]) == list(range(1, len(answers) + 1))
    assert (sample["label"] == 0.5).all()
    assert set(answers["label"]) <= {0, 1}


def test_split_renaming_and_labels(comp, prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "train.zip") as zf:
        raw = {n.split("/")[-1]: zf.read(n) for n in zf.namelist() if n.endswith(".jpg")}
    names = sorted(raw)
    train_names, test_names = train_test_split(names, test_size=0.1, random_state=0)
    assert len(test_names) == math.ceil(0.1 * len(names))

    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert len(answers) == len(test_names)
    for i, name in enumerate(test_names, start=1):
        # the test image numbered i is the i-th test pick, and its answer is its class
        assert _md5((comp.public_dir / "test" / f"{i}.jpg").read_bytes()) == _md5(raw[name])
        assert answers.loc[answers["id"] == i, "label"].item() == int(name.startswith("dog"))

    train_files = sorted(p.name for p in (comp.public_dir / "train").iterdir())
    n_cats = sum(n.startswith("cat") for n in train_names)
    n_dogs = len(train_names) - n_cats
    assert train_files == sorted([f"cat.{k}.jpg" for k in range(n_cats)] + [f"dog.{k}.jpg" for k in range(n_dogs)])
    first_cat = next(n for n in train_names if n.startswith("cat"))
    assert _md5((comp.public_dir / "train" / "cat.0.jpg").read_bytes()) == _md5(raw[first_cat])

    # no test image is also in train
    train_hashes = {_md5(p.read_bytes()) for p in (comp.public_dir / "train").iterdir()}
    assert not train_hashes & {_md5(raw[n]) for n in test_names}

    # the archives hold the same files, flat
    for folder in ("train", "test"):
        with zipfile.ZipFile(comp.public_dir / f"{folder}.zip") as zf:
            assert sorted(zf.namelist()) == sorted(p.name for p in (comp.public_dir / folder).iterdir())


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [1, 2, 3, 4], "label": [1, 0, 1, 0]})
    sub = pd.DataFrame({"id": [4, 3, 2, 1], "label": [0.5, 0.8, 0.1, 0.9]})
    expected = -(math.log(0.9) + math.log(0.9) + math.log(0.8) + math.log(0.5)) / 4
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)
    # a certain wrong answer is clipped at float64 epsilon, as scikit-learn does in v1
    wrong = pd.DataFrame({"id": [1, 2, 3, 4], "label": [0.0, 0.0, 1.0, 0.0]})
    assert comp.grader.grade(wrong, answers).score == pytest.approx(-math.log(2.220446049250313e-16) / 4, abs=1e-5)
    assert comp.grader.grade(sub.assign(label=[0.5, 0.8, 0.1, 1.2]), answers).score is None


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)
