"""cassava-leaf-disease-classification: v1's TFRecord-file split, files and grading."""

import json

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

CID = "cassava-leaf-disease-classification"


def _tfrecord(comp):
    return load_competition_module(comp.folder.parent / "siim-isic-melanoma-classification", "tfrecord")


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "label_num_to_disease_map.json", "sample_submission.csv", "test_images",
        "test_tfrecords", "train.csv", "train_images", "train_tfrecords"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["image_id", "label"]
    assert (sample["label"] == 4).all() and list(sample["image_id"]) == list(answers["image_id"])
    assert sorted(p.name for p in (comp.public_dir / "test_images").iterdir()) == sorted(answers["image_id"])
    assert sorted(p.name for p in (comp.public_dir / "test_tfrecords").iterdir()) == [
        "ld_test00-1331.tfrec", "ld_test01-1336.tfrec"]  # the fixture's files 01 and 06, in the split's order
    assert len(list((comp.public_dir / "train_tfrecords").iterdir())) == 14
    assert json.loads((comp.public_dir / "label_num_to_disease_map.json").read_text())["4"] == "Healthy"


def test_split_follows_the_tfrecord_files(comp, prepared):
    raw = prepared.raw_root / CID
    files = sorted((raw / "train_tfrecords").iterdir())
    _, test_files = train_test_split(files, test_size=0.1, random_state=0)
    ids = {i for f in test_files for i in _tfrecord(comp).ids_from_tfrecord(f)}
    answers = pd.read_csv(comp.private_dir / "test.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    assert set(answers["image_id"]) == ids and len(answers) == 6
    full = pd.read_csv(raw / "train.csv")
    assert list(train["image_id"]) == [i for i in full["image_id"] if i not in ids]  # Kaggle's row order kept
    for image_id in answers["image_id"]:
        assert (comp.public_dir / "test_images" / image_id).read_bytes() == (raw / "train_images" / image_id).read_bytes()


def test_v1_leaks_test_labels_in_the_test_tfrecords(comp):
    """Kept as v1 ships it (see known_issues); the -v2 folder leaves the test TFRecord files out."""
    answers = pd.read_csv(comp.private_dir / "test.csv").set_index("image_id")["label"]
    record = next(_tfrecord(comp).iter_records(next((comp.public_dir / "test_tfrecords").iterdir())))
    name = _tfrecord(comp).example_bytes_feature(record, "image_name").decode()
    assert name in answers.index and b"target" in record


def test_zipped_image_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train_images")


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"image_id": ["1.jpg", "2.jpg", "3.jpg", "4.jpg"], "label": [0, 3, 3, 4]})
    sub = pd.DataFrame({"image_id": ["4.jpg", "3.jpg", "2.jpg", "1.jpg"], "label": [4, 3, 1, 7]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5)
    text = sub.assign(label=["4", "3", "one", "7"])
    assert comp.grader.grade(text, answers).score is None
