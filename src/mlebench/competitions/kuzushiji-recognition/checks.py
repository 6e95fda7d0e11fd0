"""kuzushiji-recognition: v1's 90/10 split, zipped pages, gold submission and point-in-box F1."""

import zipfile

import pandas as pd
import pytest

CID = "kuzushiji-recognition"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test_images.zip", "train.csv", "train_images.zip",
        "unicode_translation.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "test.csv"]
    raw_train = pd.read_csv(raw / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    assert len(answers) == 4 and len(train) == 36
    assert pd.concat([train, answers]).sort_values("image_id").reset_index(drop=True).equals(
        raw_train.sort_values("image_id").reset_index(drop=True))
    assert list(sample["image_id"]) == list(gold["image_id"]) == list(answers["image_id"])
    assert (sample["labels"] == "U+003F 1 1 U+FF2F 2 2").all()
    first = answers["labels"].iloc[0].split()
    assert gold["labels"].iloc[0].split()[:3] == [first[0], str(int(first[1]) + 1), str(int(first[2]) + 1)]
    with zipfile.ZipFile(raw / "train_images.zip") as src, zipfile.ZipFile(comp.public_dir / "test_images.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"{i}.jpg" for i in answers["image_id"])
        assert all(zf.read(n) == src.read(n) for n in zf.namelist())
    with zipfile.ZipFile(comp.public_dir / "train_images.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"{i}.jpg" for i in train["image_id"])


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / CID, raw)
    with zipfile.ZipFile(raw / "train_images.zip") as zf:
        zf.extractall(raw / "train_images")
    (raw / "train_images.zip").unlink()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for rel in ["public/train.csv", "public/sample_submission.csv", "private/test.csv", "private/gold_submission.csv"]:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes()
    with zipfile.ZipFile(tmp_path / "public" / "test_images.zip") as a, \
            zipfile.ZipFile(comp.public_dir / "test_images.zip") as b:
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}


def _answers():
    return pd.DataFrame({"image_id": ["p1", "p2", "p3"],
                         "labels": ["U+0041 0 0 10 10 U+0042 20 0 10 10", None, "U+0043 0 0 4 4"]})


def test_hand_checked_score(comp):
    sub = pd.DataFrame({"image_id": ["p3", "p2", "p1"], "labels": [None, "U+0043 1 1", "U+0041 5 5 U+0041 6.5 6 U+0042 5 5"]})
    # p1: A matched (TP), B has no B point inside (FN), 2 points unused (FP); p2: 1 FP; p3: 1 FN
    # TP 1, FP 3, FN 2: P 1/4, R 1/3 -> F1 = 2/7
    assert comp.grader.grade(sub, _answers()).score == pytest.approx(2 / 7, abs=1e-5)


@pytest.mark.parametrize("labels, words", [("U+0041 5", "multiple of 3"), ("U+0041 x 5", "numbers"),
                                           ("U+0041  5 5", "multiple of 3")])
def test_malformed_predictions_are_invalid(comp, labels, words):
    sub = pd.DataFrame({"image_id": ["p1", "p2", "p3"], "labels": [labels, None, None]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and words in result.invalid_reason and "'p1'" in result.invalid_reason
