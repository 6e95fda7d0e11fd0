"""denoising-dirty-documents: v1's prepared files, pixel ids, split and grading."""

import io
import math
import zipfile

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from sklearn.model_selection import train_test_split


CID = "denoising-dirty-documents"


def _names(folder):
    return sorted(p.name for p in folder.glob("*.png"))


def _raw_images(prepared, archive):
    with zipfile.ZipFile(prepared.raw_root / CID / archive) as zf:
        return {n.split("/")[-1]: zf.read(n) for n in zf.namelist() if n.endswith(".png")}


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sampleSubmission.csv", "test", "train", "train_cleaned",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sampleSubmission.csv")
    assert list(answers.columns) == list(sample.columns) == ["id", "value"]
    assert list(answers["id"]) == list(sample["id"]) and (sample["value"] == 1).all()


def test_split_and_no_cleaned_test_page_is_public(comp, prepared):
    dirty = _raw_images(prepared, "train.zip")
    names = sorted(dirty)  # by name, as v1: "11.png" < "2.png"
    train_names, test_names = train_test_split(names, test_size=0.2, random_state=0)
    assert len(test_names) == math.ceil(0.2 * len(names))
    assert _names(comp.public_dir / "test") == sorted(test_names)
    assert _names(comp.public_dir / "train") == _names(comp.public_dir / "train_cleaned") == sorted(train_names)
    for name in test_names:
        assert (comp.public_dir / "test" / name).read_bytes() == dirty[name]


def test_answers_are_cleaned_pixels_row_by_row(comp, prepared):
    cleaned = _raw_images(prepared, "train_cleaned.zip")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    test_names = sorted(p.name for p in (comp.public_dir / "test").glob("*.png"))
    expected_ids, expected_values = [], []
    for name in test_names:  # images by name, then pixels row by row, 1-based
        pixels = np.asarray(Image.open(io.BytesIO(cleaned[name])).convert("L"))
        h, w = pixels.shape
        expected_ids += [f"{name[:-4]}_{r + 1}_{c + 1}" for r in range(h) for c in range(w)]
        expected_values += list(pixels.ravel() / 255.0)
    assert list(answers["id"]) == expected_ids
    assert np.array_equal(answers["value"].to_numpy(), np.array(expected_values))


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["1_1_1", "1_1_2", "1_2_1", "10_1_1"], "value": [1.0, 0.0, 0.5, 1.0]})
    sub = pd.DataFrame({"id": ["10_1_1", "1_2_1", "1_1_2", "1_1_1"], "value": [0.8, 0.5, 0.0, 0.6]})
    # by id: errors 0.4 (1_1_1), 0 (1_1_2), 0 (1_2_1), 0.2 (10_1_1)
    expected = math.sqrt((0.4**2 + 0.2**2) / 4)
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)
    # the same rows in the answers' order take the fast path and agree
    in_order = sub.set_index("id").loc[answers["id"]].reset_index()
    assert comp.grader.grade(in_order, answers).score == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize(
    "ids, words",
    [
        (["1_1_1", "1_1_2", "1_2_1", "01_1_1"], "pixel ids"),  # leading zero: not an id of the test set
        (["1_1_1", "1_1_2", "1_2_1", "10_1"], "pixel ids"),
        (["1_1_1", "1_1_2", "1_2_1", "10_1_2"], "not in the test set"),
        (["1_1_1", "1_1_2", "1_2_1", "1_2_1"], "duplicated"),
    ],
)
def test_bad_ids_are_invalid(comp, ids, words):
    answers = pd.DataFrame({"id": ["1_1_1", "1_1_2", "1_2_1", "10_1_1"], "value": [1.0, 0.0, 0.5, 1.0]})
    result = comp.grader.grade(pd.DataFrame({"id": ids, "value": [0.5] * 4}), answers)
    assert result.score is None and words in result.invalid_reason, result.invalid_reason


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)
