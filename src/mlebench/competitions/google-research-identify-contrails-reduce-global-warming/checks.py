"""google-research-identify-contrails: v1's split, files, RLE answers and the global Dice."""

import json

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import load_competition_module


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / comp.id
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train_metadata.json", "validation",
        "validation_metadata.json"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv", dtype={"record_id": str})
    train_meta = json.loads((comp.public_dir / "train_metadata.json").read_text())
    raw_meta = json.loads((raw / "train_metadata.json").read_text())
    assert len(answers) == 6 and len(train_meta) == 24  # test as large as Kaggle's validation set
    assert {r["record_id"] for r in train_meta}.isdisjoint(answers["record_id"])
    assert all(r in raw_meta for r in train_meta)
    assert list(answers.columns) == ["record_id", "encoded_pixels", "height", "width"]
    assert (answers["height"] == 16).all() and (answers["width"] == 16).all()
    assert (answers["encoded_pixels"] == "-").any() and (answers["encoded_pixels"] != "-").any()
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype={"record_id": str})
    assert list(sample.columns) == list(answers.columns) and list(sample["record_id"]) == list(answers["record_id"])
    assert set(sample["encoded_pixels"]) <= {"1 3 10 5", "-"}
    for rid in answers["record_id"]:
        assert sorted(p.name for p in (comp.public_dir / "test" / rid).iterdir()) == [
            f"band_{b:02}.npy" for b in range(8, 17)]
        assert (comp.public_dir / "test" / rid / "band_12.npy").read_bytes() == (raw / "train" / rid / "band_12.npy").read_bytes()
    for record in train_meta:
        names = {p.name for p in (comp.public_dir / "train" / record["record_id"]).iterdir()}
        assert {"human_pixel_masks.npy", "human_individual_masks.npy"} <= names and len(names) == 11
    assert sorted(p.name for p in (comp.public_dir / "validation").iterdir()) == sorted(
        p.name for p in (raw / "validation").iterdir())


def test_answers_are_the_pixel_masks_column_major(comp, prepared):
    grade = load_competition_module(comp.folder, "grade")
    answers = pd.read_csv(comp.private_dir / "answers.csv", dtype={"record_id": str})
    for rid, rle in zip(answers["record_id"], answers["encoded_pixels"]):
        mask = np.load(prepared.raw_root / comp.id / "train" / rid / "human_pixel_masks.npy")[:, :, 0]
        assert np.array_equal(grade.decode(rle, 256, rid).reshape(16, 16, order="F"), mask == 1)


def _answers():
    return pd.DataFrame({"record_id": ["1", "2", "3"], "encoded_pixels": ["1 4", "-", "3 2"],
                         "height": [2, 2, 3], "width": [2, 2, 2]})


def test_hand_checked_global_dice(comp):
    # true pixels: record 1 {1,2,3,4}, record 3 {3,4} -> |Y| = 6
    # predicted: record 1 {1,2}, record 2 {1}, record 3 {4,5} -> |X| = 5; |X ∩ Y| = 2 + 0 + 1 = 3
    sub = pd.DataFrame({"record_id": ["3", "2", "1"], "encoded_pixels": ["4 2", "1 1", "1 2"]})
    assert comp.grader.grade(sub, _answers()).score == pytest.approx(2 * 3 / 11, abs=1e-5)
    # a blank cell is an empty mask, exactly like '-' (v1 crashed on it)
    blank = sub.assign(encoded_pixels=["4 2", None, "1 2"])
    dash = sub.assign(encoded_pixels=["4 2", "-", "1 2"])
    assert comp.grader.grade(blank, _answers()).score == pytest.approx(2 * 3 / 10, abs=1e-5)
    assert comp.grader.grade(dash, _answers()).score == comp.grader.grade(blank, _answers()).score
    # the sample's height and width columns are accepted and ignored; others are not
    with_size = sub.assign(height=[9, 9, 9], width=[9, 9, 9])
    assert comp.grader.grade(with_size, _answers()).score == pytest.approx(6 / 11, abs=1e-5)
    assert comp.grader.grade(sub.assign(other=1), _answers()).score is None


@pytest.mark.parametrize("rle, words", [
    ("1 2 2 2", "overlap"), ("3 1 1 1", "sorted"), ("0 3", "positive"), ("3 0", "positive"),
    ("1 2 3", "pairs"), ("1 x", "integers"), ("4 2", "outside"),
])
def test_malformed_masks_are_invalid(comp, rle, words):
    sub = pd.DataFrame({"record_id": ["1", "2", "3"], "encoded_pixels": [rle, "-", "-"]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and words in result.invalid_reason and "'1'" in result.invalid_reason

