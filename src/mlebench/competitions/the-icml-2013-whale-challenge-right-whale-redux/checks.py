"""the-icml-2013-whale-challenge-right-whale-redux: v1's day-based split and grading."""

import re
import zipfile

import pandas as pd
import pytest

CID = "the-icml-2013-whale-challenge-right-whale-redux"


def _names(path, folder):
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert f"{folder}/" in names
    return [n.split("/", 1)[1] for n in names if n != f"{folder}/"]


def test_files_match_v1(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sampleSubmission.csv", "test2.zip", "train2.zip"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sampleSubmission.csv")
    assert list(answers.columns) == list(sample.columns) == ["clip", "probability"]
    assert list(sample["clip"]) == list(answers["clip"])
    assert (sample["probability"] == 0).all()
    assert set(answers["probability"]) == {0, 1}


def test_first_two_days_train_last_two_test(comp):
    train = _names(comp.public_dir / "train2.zip", "train2")
    test = _names(comp.public_dir / "test2.zip", "test2")
    assert {n[:8] for n in train} == {"20090328", "20090329"}
    assert {n[:8] for n in test} == {"20090330", "20090331"}
    assert len(train) == len(test) == 16
    # train keeps its label, renumbered in time order; test names carry no label
    assert sorted(int(re.search(r"TRAIN(\d+)_[01]\.aif$", n).group(1)) for n in train) == list(range(16))
    assert all(re.fullmatch(r"\d{8}_\d{6}_\d{3}s\dms_Test\d+\.aif", n) for n in test)
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert sorted(answers["clip"]) == sorted(test)
    assert list(answers["clip"]) == sorted(answers["clip"], key=lambda n: (n.split("Test")[0], int(n[n.index("Test") + 4 : -4])))


def test_answers_come_from_the_raw_labels(comp, prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "train2.zip") as zf:
        raw = sorted(n.split("/", 1)[1] for n in zf.namelist() if n.endswith(".aif") and n[7:15] >= "20090330")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers["probability"]) == [int(n.endswith("_1.aif")) for n in raw]
    assert list(answers["clip"]) == [n.split("TRAIN")[0] + f"Test{i}.aif" for i, n in enumerate(raw)]


def test_hand_checked_score_and_probability_range(comp):
    answers = pd.DataFrame({"clip": ["a_Test0.aif", "b_Test1.aif", "c_Test2.aif", "d_Test3.aif"], "probability": [1, 0, 1, 0]})
    # positives 0.8, 0.3; negatives 0.5, 0.1 -> 3 of 4 pairs ordered correctly
    sub = pd.DataFrame({"clip": ["d_Test3.aif", "c_Test2.aif", "b_Test1.aif", "a_Test0.aif"], "probability": [0.1, 0.3, 0.5, 0.8]})
    assert comp.grader(sub, answers) == pytest.approx(0.75)
    result = comp.grader.grade(sub.assign(probability=[0.1, 0.3, 0.5, 1.5]), answers)
    assert result.score is None and "[0, 1]" in result.invalid_reason
