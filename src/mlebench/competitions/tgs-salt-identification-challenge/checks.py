"""tgs-salt-identification-challenge: v1's 75/25 split, files, RLE rules and IoU-threshold score."""

import zipfile

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import load_competition_module

CID = "tgs-salt-identification-challenge"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "depths.csv", "description.md", "sample_submission.csv", "test", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv", keep_default_na=False)
    answers = pd.read_csv(comp.private_dir / "test.csv", keep_default_na=False)
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    depths = pd.read_csv(comp.public_dir / "depths.csv")
    assert len(answers) == 10 and len(train) == 30
    assert list(train["id"]) == sorted(train["id"]) and list(answers["id"]) == sorted(answers["id"])
    assert list(sample["id"]) == list(answers["id"]) and (sample["rle_mask"] == "1 1").all()
    assert list(depths.columns) == ["id", "z"] and list(depths["id"]) == list(train["id"])  # no test depth
    assert (answers["rle_mask"] == "").any() and (train["rle_mask"] == "").any()
    assert sorted(p.stem for p in (comp.public_dir / "test" / "images").iterdir()) == list(answers["id"])
    assert not (comp.public_dir / "test" / "masks").exists()
    with zipfile.ZipFile(raw / "competition_data.zip") as zf:
        for image_id in answers["id"]:
            assert (comp.public_dir / "test" / "images" / f"{image_id}.png").read_bytes() == \
                zf.read(f"competition_data/train/images/{image_id}.png")


def test_answers_decode_like_the_training_masks(comp):
    from PIL import Image

    grade = load_competition_module(comp.folder, "grade")
    train = pd.read_csv(comp.public_dir / "train.csv", keep_default_na=False)
    masks = grade.decode(list(train["rle_mask"]))
    for image_id, mask in zip(train["id"], masks):
        png = np.asarray(Image.open(comp.public_dir / "train" / "masks" / f"{image_id}.png")) > 0
        assert np.array_equal(mask.reshape(101, 101, order="F"), png)


def _answers():
    return pd.DataFrame({"id": ["a", "b", "c", "d"], "rle_mask": ["1 10201", None, None, "1 101 102 101"]})


def test_hand_checked_scores(comp):
    answers = _answers()
    # a (all salt): "1 5101" covers 5101/10201 = 0.50005 -> only 0.5 exceeded -> 1/10;
    # b (no salt) empty -> 1; c (no salt) one pixel -> 0; d (2 columns) exact -> 1
    sub = pd.DataFrame({"id": ["d", "c", "b", "a"], "rle_mask": ["1 202", "7 1", None, "1 5101"]})
    assert comp.grader.grade(sub, answers).score == pytest.approx((0.1 + 1 + 0 + 1) / 4, abs=1e-5)
    # v1's quirk: an empty prediction for d (202 of 10201 px salt) is scored as a full mask: IoU ~0.02 -> 0;
    # for a (all salt) it scores IoU 1 -> 1
    empty = sub.assign(rle_mask=[None, "7 1", None, None])
    assert comp.grader.grade(empty, answers).score == pytest.approx((1 + 1 + 0 + 0) / 4, abs=1e-5)


@pytest.mark.parametrize("rle, words", [
    ("1 2 2 2", "overlap"), ("5 1 1 1", "sorted"), ("0 3", "positive"), ("3 0", "positive"),
    ("1 2 3", "pairs"), ("1 x", "integers"), ("10200 3", "outside"),
])
def test_malformed_masks_are_invalid(comp, rle, words):
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "rle_mask": [rle, None, None, "1 202"]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and words in result.invalid_reason and "'a'" in result.invalid_reason
