"""histopathologic-cancer-detection: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import pandas as pd
import pytest

CID = "histopathologic-cancer-detection"


def _stems(folder):
    return sorted(p.stem for p in folder.glob("*.tif"))


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train_labels.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    for path in (comp.public_dir / "train_labels.csv", comp.public_dir / "sample_submission.csv",
                 comp.private_dir / "answers.csv"):
        assert list(pd.read_csv(path).columns) == ["id", "label"]
    assert (pd.read_csv(comp.public_dir / "sample_submission.csv")["label"] == 0).all()


def test_split_uses_kaggles_test_share(comp, prepared):
    raw = prepared.raw_root / CID
    old = pd.read_csv(raw / "train_labels.csv")
    n_kaggle_test = len(list((raw / "test").glob("*.tif")))
    train = pd.read_csv(comp.public_dir / "train_labels.csv")
    test = pd.read_csv(comp.private_dir / "answers.csv")
    share = n_kaggle_test / (len(old) + n_kaggle_test)
    assert len(test) == pytest.approx(share * len(old), abs=1)
    assert len(train) + len(test) == len(old)
    assert set(train["id"]).isdisjoint(test["id"])
    # Kaggle's row order is kept, and labels are unchanged
    assert list(train["id"]) == [i for i in old["id"] if i in set(train["id"])]
    assert test.merge(old, on="id", suffixes=("", "_old")).eval("label == label_old").all()
    # images follow the split; Kaggle's unlabelled test patches are not used
    assert _stems(comp.public_dir / "train") == sorted(train["id"])
    assert _stems(comp.public_dir / "test") == sorted(test["id"])
    assert set(_stems(raw / "test")).isdisjoint(_stems(comp.public_dir / "test"))


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["p", "q", "r", "s", "t"], "label": [1, 0, 1, 0, 0]})
    sub = pd.DataFrame({"id": ["t", "s", "r", "q", "p"], "label": [0.5, 0.1, 0.4, 0.6, 0.9]})
    # pairs (pos, neg): p beats q,s,t; r beats s only -> 4 of 6
    assert comp.grader.grade(sub, answers).score == pytest.approx(4 / 6, abs=1e-5)
    bad = sub.assign(label=[0.5, 0.1, 0.4, 0.6, -0.2])
    assert comp.grader.grade(bad, answers).score is None
