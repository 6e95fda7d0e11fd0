"""dog-breed-identification: v1's prepared files, one-hot answers, split and grading."""

import math

import numpy as np
import pandas as pd
import pytest

CID = "dog-breed-identification"


def test_breed_list_and_known_issue(comp):
    breeds = comp.config.extra["submission"]["target_columns"]
    assert len(breeds) == 120 == len(set(breeds)) and breeds == sorted(breeds)
    assert breeds[0] == "affenpinscher" and breeds[-1] == "yorkshire_terrier"
    assert "Stanford Dogs" in comp.config.extra["known_issues"]


def test_prepared_files_are_v1s(comp):
    breeds = comp.config.extra["submission"]["target_columns"]
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "labels.csv", "sample_submission.csv", "test", "train",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "labels.csv").columns) == ["id", "breed"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["id", *breeds]
    assert list(answers["id"]) == list(sample["id"])
    assert np.allclose(sample[breeds].to_numpy(), 1 / 120)


def test_split_one_hot_and_images(comp, prepared):
    breeds = comp.config.extra["submission"]["target_columns"]
    old = pd.read_csv(prepared.raw_root / CID / "labels.csv")
    train = pd.read_csv(comp.public_dir / "labels.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == math.ceil(0.1 * len(old)) and len(train) + len(answers) == len(old)
    assert set(train["id"]).isdisjoint(answers["id"])
    hot = answers[breeds].to_numpy()
    assert set(np.unique(hot)) <= {0, 1} and (hot.sum(axis=1) == 1).all()
    breed_of = dict(zip(old["id"], old["breed"]))
    assert [breeds[j] for j in hot.argmax(axis=1)] == [breed_of[i] for i in answers["id"]]
    assert sorted(p.stem for p in (comp.public_dir / "train").glob("*.jpg")) == sorted(train["id"])
    assert sorted(p.stem for p in (comp.public_dir / "test").glob("*.jpg")) == sorted(answers["id"])
    # Kaggle's unlabelled test photos are not used
    kaggle_test = {p.stem for p in (prepared.raw_root / CID / "test").glob("*.jpg")}
    assert kaggle_test.isdisjoint(answers["id"])


def _frame(breeds, rows):
    """A frame of ``id`` and every class column, from (id, {class: probability}) pairs (others 0)."""
    probs = np.zeros((len(rows), len(breeds)))
    for r, (_, given) in enumerate(rows):
        for c, p in given.items():
            probs[r, breeds.index(c)] = p
    return pd.concat([pd.DataFrame({"id": [i for i, _ in rows]}), pd.DataFrame(probs, columns=breeds)], axis=1)


def test_hand_checked_score(comp):
    breeds = comp.config.extra["submission"]["target_columns"]
    a, b = breeds[5], breeds[7]
    answers = _frame(breeds, [("x1", {a: 1}), ("x2", {b: 1})]).astype({k: int for k in breeds})
    sub = _frame(breeds, [("x2", {a: 0.2, b: 0.8}), ("x1", {a: 0.4, b: 0.6})])
    expected = -(math.log(0.4) + math.log(0.8)) / 2
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)
    # v1 ignores columns beyond id and the breeds
    assert comp.grader.grade(sub.assign(note="x"), answers).score == pytest.approx(expected, abs=1e-5)
    unnormalised = _frame(breeds, [("x2", {b: 0.5}), ("x1", {a: 0.4, b: 0.6})])
    result = comp.grader.grade(unnormalised, answers)
    assert result.score is None and "sum to 1" in result.invalid_reason
