"""cassava-leaf-disease-classification-v2: version 1's files without the labelled test TFRecords."""

import pandas as pd

from mlebench.registry import load_competition_module


def test_test_tfrecords_are_left_out_and_the_rest_is_version_1s(comp, prepared, tmp_path):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "label_num_to_disease_map.json", "sample_submission.csv", "test_images",
        "train.csv", "train_images", "train_tfrecords"]
    v1 = load_competition_module(comp.folder.parent / "cassava-leaf-disease-classification", "prepare")
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    v1.prepare(prepared.raw_root / comp.id, tmp_path / "public", tmp_path / "private")
    assert (tmp_path / "public" / "test_tfrecords").is_dir()
    for rel in ["private/test.csv", "public/train.csv", "public/sample_submission.csv"]:
        assert (comp.prepared_dir / rel).read_bytes() == (tmp_path / rel).read_bytes()
    answers = set(pd.read_csv(comp.private_dir / "test.csv")["image_id"])
    for path in (comp.public_dir / "train_tfrecords").iterdir():
        assert not any(name.encode() in path.read_bytes() for name in answers)
