"""iwildcam-2019-fgvc6: v1's split by location (seed 8), image archives, macro F1 by Id."""

import shutil
import zipfile

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "iwildcam-2019-fgvc6"
COLUMNS = ["category_id", "date_captured", "file_name", "frame_num", "id", "location", "rights_holder",
           "seq_id", "seq_num_frames", "width", "height"]


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "test_images.zip", "train.csv", "train_images.zip"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv", "test.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    _, test_locations = train_test_split(raw["location"].unique(), test_size=0.1, random_state=8)
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    private = pd.read_csv(comp.private_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(private.columns) == COLUMNS
    assert list(test.columns) == [c for c in COLUMNS if c != "category_id"]
    assert set(private["location"]) == set(test_locations) and len(test_locations) == 2
    assert set(train["location"]).isdisjoint(test["location"])
    assert private.equals(raw[raw["location"].isin(test_locations)].reset_index(drop=True))
    assert list(answers.columns) == list(sample.columns) == ["Id", "Category"]
    assert list(answers["Id"]) == list(test["id"]) == list(sample["Id"]) and (sample["Category"] == 0).all()
    assert list(answers["Category"]) == list(private["category_id"])
    with zipfile.ZipFile(prepared.raw_root / CID / "train_images.zip") as source:
        for name, rows in (("train_images.zip", train), ("test_images.zip", test)):
            with zipfile.ZipFile(comp.public_dir / name) as zf:
                assert sorted(zf.namelist()) == sorted(f"{i}.jpg" for i in rows["id"])
                first = zf.namelist()[0]
                assert zf.read(first) == source.read(first)


def test_extracted_image_folder_prepares_the_same(comp, prepared, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / CID, raw)
    with zipfile.ZipFile(raw / "train_images.zip") as zf:
        zf.extractall(raw / "train_images")
    (raw / "train_images.zip").unlink()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for rel in ["private/test.csv", "private/answers.csv", "public/train.csv", "public/test.csv",
                "public/sample_submission.csv"]:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes()
    for name in ("train_images.zip", "test_images.zip"):
        with zipfile.ZipFile(tmp_path / "public" / name) as ours, zipfile.ZipFile(comp.public_dir / name) as ref:
            assert ours.namelist() == ref.namelist()
            assert all(ours.read(n) == ref.read(n) for n in ours.namelist())


def test_sample_has_no_index_column(comp):
    """v1 wrote the sample with pandas' index as an unnamed first column (see known_issues)."""
    assert (comp.public_dir / "sample_submission.csv").read_text().splitlines()[0] == "Id,Category"


def test_hand_checked_macro_f1(comp):
    answers = pd.DataFrame({"Id": ["a", "b", "c", "d"], "Category": [0, 0, 1, 3]})
    sub = pd.DataFrame({"Id": ["d", "c", "b", "a"], "Category": [3, 0, 0, 0]})
    # class 0: tp 2, fp 1, fn 0 -> F1 0.8; class 1: tp 0 -> 0; class 3: 1. mean = 1.8 / 3
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.6)
    # a category absent from the answers counts as its own (zero-F1) class, as in v1
    sub2 = pd.DataFrame({"Id": ["a", "b", "c", "d"], "Category": [0, 0, 1, 22]})
    assert comp.grader.grade(sub2, answers).score == pytest.approx(0.5)  # (1 + 1 + 0 + 0) / 4


def test_text_category_is_invalid(comp):
    answers = pd.DataFrame({"Id": ["a", "b"], "Category": [0, 1]})
    result = comp.grader.grade(pd.DataFrame({"Id": ["a", "b"], "Category": [0, "deer"]}), answers)
    assert result.score is None and "Category" in result.invalid_reason


def test_non_integer_category_is_invalid(comp):
    answers = pd.DataFrame({"Id": ["a", "b"], "Category": [0, 1]})
    result = comp.grader.grade(pd.DataFrame({"Id": ["a", "b"], "Category": [0, 3.5]}), answers)
    assert result.score is None and "3.5" in result.invalid_reason
