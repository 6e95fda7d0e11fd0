"""plant-seedlings-classification: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import math
import shutil
import zipfile

import pandas as pd
import pytest

CID = "plant-seedlings-classification"


def _raw_images(prepared):
    return {(p.parent.name, p.name): p.read_bytes() for p in (prepared.raw_root / CID / "train").glob("*/*.png")}


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == ["description.md", "sample_submission.csv", "test", "train"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["file", "species"]
    assert list(sample["file"]) == list(answers["file"]) and (sample["species"] == "Sugar beet").all()
    assert sorted(p.name for p in (comp.public_dir / "test").iterdir()) == sorted(answers["file"])


def test_split_and_images_follow_v1(comp, prepared):
    raw = _raw_images(prepared)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    train = {(p.parent.name, p.name): p.read_bytes() for p in (comp.public_dir / "train").glob("*/*.png")}
    assert len(answers) == math.ceil(0.14 * len(raw)) and len(train) + len(answers) == len(raw)
    # train images stay in their species folder, byte for byte; test images lose the folder (the label)
    assert all(raw[key] == data for key, data in train.items())
    for file, species in zip(answers["file"], answers["species"]):
        assert (comp.public_dir / "test" / file).read_bytes() == raw[(species, file)]
        assert (species, file) not in train


def test_same_split_as_scikit_learn_on_the_sorted_listing(comp, prepared):
    from sklearn.model_selection import train_test_split

    listing = sorted(_raw_images(prepared))  # (species, file), species then file sorted
    df = pd.DataFrame([{"file": f, "species": s} for s, f in listing])
    _, test = train_test_split(df, test_size=0.14, random_state=0)
    assert pd.read_csv(comp.private_dir / "answers.csv").equals(test.reset_index(drop=True))


def test_zipped_train_folder_prepares_the_same(comp, prepared, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.make_archive(str(raw / "train"), "zip", prepared.raw_root / CID, "train")
    assert zipfile.is_zipfile(raw / "train.zip") and not (raw / "train").exists()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    ours = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file() and "raw" not in p.parts)
    ref = sorted(p.relative_to(comp.prepared_dir).as_posix() for p in comp.prepared_dir.rglob("*")
                 if p.is_file() and p.name not in ("description.md", "manifest.json"))
    assert ours == ref
    assert all((tmp_path / r).read_bytes() == (comp.prepared_dir / r).read_bytes() for r in ours)


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"file": ["a.png", "b.png", "c.png", "d.png"],
                            "species": ["Maize", "Fat Hen", "Sugar beet", "Charlock"]})
    sub = pd.DataFrame({"file": ["d.png", "c.png", "b.png", "a.png"],
                        "species": ["Charlock", "Maize", "Fat Hen", "maize"]})
    # d right, c wrong, b right, a wrong ("maize" is not "Maize"): micro-F1 = TP / n = 2/4
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5)
