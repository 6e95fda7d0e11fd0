"""alaska2-image-steganalysis: v1's cover split, renumbering, coin-flip test set and weighted AUC."""

import random

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

CID = "alaska2-image-steganalysis"
ALGS = ["JMiPOD", "JUNIWARD", "UERD"]


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "Cover", "JMiPOD", "JUNIWARD", "Test", "UERD", "description.md", "sample_submission.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers["Id"]) == [f"{i:04d}.jpg" for i in range(1, 11)] and set(answers["Label"]) == {0, 1}
    assert list(sample["Id"]) == list(answers["Id"]) and (sample["Label"] == 0).all()
    covers = sorted((raw / "Cover").glob("*.jpg"))
    train, test = train_test_split(covers, test_size=10, random_state=42)
    for i, cover in enumerate(train, start=1):
        for folder in ["Cover", *ALGS]:
            src = raw / folder / cover.name
            assert (comp.public_dir / folder / f"{i:05d}.jpg").read_bytes() == src.read_bytes()
    rng = random.Random(0)
    rng.shuffle(test)
    for (image, label), cover in zip(zip(answers["Id"], answers["Label"]), test):
        got = (comp.public_dir / "Test" / image).read_bytes()
        if label == 0:
            assert got == cover.read_bytes()
        else:
            assert got in [(raw / a / cover.name).read_bytes() for a in ALGS] and got != cover.read_bytes()


def test_real_downloads_keep_v1s_5000_test_images(comp):
    prepare = load_competition_module(comp.folder, "prepare")
    assert prepare.test_size(75000) == 5000 and prepare.test_size(40) == 10


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": ["1.jpg", "2.jpg", "3.jpg", "4.jpg"], "Label": [0, 1, 0, 1]})
    sub = pd.DataFrame({"Id": ["4.jpg", "3.jpg", "2.jpg", "1.jpg"], "Label": [0.4, 0.3, 0.2, 0.1]})
    # the weighted AUC of tests/grading/test_metrics_medium_image_a.py: 1.15 / 1.4 (plain AUC 0.75)
    assert comp.grader.grade(sub, answers).score == pytest.approx(1.15 / 1.4, abs=1e-5)
    assert comp.grader.grade(sub.assign(Label=[40, -3, 2, 1]), answers).score is not None
    assert comp.grader.grade(sub.assign(Label=["x", 0.3, 0.2, 0.1]), answers).score is None
