"""aerial-cactus-identification: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import zipfile

import pandas as pd
import pytest

CID = "aerial-cactus-identification"


def test_prepared_files_are_v1s(comp):
    public = sorted(p.name for p in comp.public_dir.iterdir())
    assert public == ["description.md", "sample_submission.csv", "test.zip", "train.csv", "train.zip"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    for name in ("train.csv", "sample_submission.csv"):
        assert list(pd.read_csv(comp.public_dir / name).columns) == ["id", "has_cactus"]
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == ["id", "has_cactus"]
    assert (pd.read_csv(comp.public_dir / "sample_submission.csv")["has_cactus"] == 0.5).all()


def test_split_and_images(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.private_dir / "test.csv")
    assert len(train) + len(test) == len(raw)
    assert len(test) == pytest.approx(0.19 * len(raw), abs=1)
    assert set(train["id"]).isdisjoint(test["id"])
    # labels are carried over unchanged
    merged = test.merge(raw, on="id", suffixes=("", "_raw"))
    assert len(merged) == len(test) and (merged["has_cactus"] == merged["has_cactus_raw"]).all()
    # the archives hold the images flat, named by id, and nothing else
    with zipfile.ZipFile(comp.public_dir / "train.zip") as zf:
        assert sorted(zf.namelist()) == sorted(train["id"])
    with zipfile.ZipFile(comp.public_dir / "test.zip") as zf:
        assert sorted(zf.namelist()) == sorted(test["id"])
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert sorted(sample["id"]) == sorted(test["id"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"], "has_cactus": [1, 1, 0, 0]})
    sub = pd.DataFrame({"id": ["d.jpg", "c.jpg", "b.jpg", "a.jpg"], "has_cactus": [0.1, 0.3, 0.2, 0.9]})
    # positive/negative pairs ordered correctly: (a,c) (a,d) (b,d) but not (b,c) -> 3/4
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.75)


def test_probabilities_outside_unit_interval_are_invalid(comp):
    answers = pd.DataFrame({"id": ["a.jpg", "b.jpg"], "has_cactus": [1, 0]})
    result = comp.grader.grade(pd.DataFrame({"id": ["a.jpg", "b.jpg"], "has_cactus": [1.5, 0.0]}), answers)
    assert result.score is None and "[0, 1]" in result.invalid_reason


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)
