"""siim-isic-melanoma-classification: v1's TFRecord-based split, files and grading."""

import importlib.util

import pandas as pd
import pytest

CID = "siim-isic-melanoma-classification"


def _tfrecord(comp):
    spec = importlib.util.spec_from_file_location("siim_tfrecord_test", comp.folder / "tfrecord.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_files_and_columns_match_v1(comp):
    pub = comp.public_dir
    assert sorted(p.name for p in pub.iterdir()) == [
        "description.md", "jpeg", "sample_submission.csv", "test", "test.csv", "tfrecords", "train", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(pub / "train.csv")
    test = pd.read_csv(pub / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(pub / "sample_submission.csv")
    assert list(train.columns) == [
        "image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge",
        "diagnosis", "benign_malignant", "target",
    ]
    assert list(test.columns) == ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]
    assert list(answers.columns) == list(sample.columns) == ["image_name", "target"]
    assert list(sample["image_name"]) == list(test["image_name"]) == list(answers["image_name"])
    assert (sample["target"] == 0).all()


def test_test_set_is_the_two_tfrecord_files(comp, prepared):
    raw = prepared.raw_root / CID
    tf = _tfrecord(comp)
    expected = set(tf.ids_from_tfrecord(raw / "tfrecords" / "train00-2071.tfrec"))
    expected |= set(tf.ids_from_tfrecord(raw / "tfrecords" / "train06-2071.tfrec"))
    answers = pd.read_csv(comp.private_dir / "test.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    assert set(answers["image_name"]) == expected and len(answers) == 8
    assert len(train) == 24 and not set(train["image_name"]) & expected
    raw_train = pd.read_csv(raw / "train.csv").set_index("image_name")
    assert list(answers["target"]) == list(raw_train.loc[answers["image_name"], "target"])

    tfrecords = sorted(p.name for p in (comp.public_dir / "tfrecords").iterdir())
    assert tfrecords == [f"test{i:02d}-2071.tfrec" for i in range(2)] + [f"train{i:02d}-2071.tfrec" for i in range(6)]
    assert set(tf.ids_from_tfrecord(comp.public_dir / "tfrecords" / "test01-2071.tfrec")) == set(
        tf.ids_from_tfrecord(raw / "tfrecords" / "train06-2071.tfrec")
    )
    for split, rows in (("train", train), ("test", answers)):
        assert sorted(p.stem for p in (comp.public_dir / split).glob("*.dcm")) == sorted(rows["image_name"])
        assert sorted(p.stem for p in (comp.public_dir / "jpeg" / split).glob("*.jpg")) == sorted(rows["image_name"])


def test_tfrecord_reader_checks_framing(comp, tmp_path):
    tf = _tfrecord(comp)
    bad = tmp_path / "bad.tfrec"
    bad.write_bytes(b"\x10\0\0\0\0\0\0\0\0\0\0\0abc")
    with pytest.raises(ValueError, match="truncated"):
        tf.ids_from_tfrecord(bad)


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"image_name": ["ISIC_1", "ISIC_2", "ISIC_3", "ISIC_4"], "target": [0, 1, 0, 0]})
    # the positive (0.6) outranks 2 of the 3 negatives (0.1, 0.7, 0.3)
    sub = pd.DataFrame({"image_name": ["ISIC_4", "ISIC_3", "ISIC_2", "ISIC_1"], "target": [0.3, 0.7, 0.6, 0.1]})
    assert comp.grader(sub, answers) == pytest.approx(round(2 / 3, 5))
    assert comp.grader.grade(sub.assign(target=[0.3, 0.7, 0.6, 1.01]), answers).score is None
