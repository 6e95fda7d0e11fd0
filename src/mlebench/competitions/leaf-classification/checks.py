"""leaf-classification: v1's prepared files, one-hot answers, split and grading."""

import math

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import registry

CID = "leaf-classification"


def test_class_list_is_kaggles():
    classes = registry.get_competition(CID).config.extra["submission"]["target_columns"]
    assert len(classes) == 99 == len(set(classes))
    assert classes[0] == "Acer_Capillipes" and classes[-1] == "Zelkova_Serrata"
    assert classes == sorted(classes)


def test_prepared_files_are_v1s(comp, prepared):
    classes = registry.get_competition(CID).config.extra["submission"]["target_columns"]
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "images", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw_train = pd.read_csv(prepared.raw_root / CID / "train.csv.zip")
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(train.columns) == list(raw_train.columns)
    assert list(train.columns[:3]) == ["id", "species", "margin1"] and train.columns[-1] == "texture64"
    assert list(test.columns) == [c for c in raw_train.columns if c != "species"]  # no label is public
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["id", *classes]
    assert list(answers["id"]) == list(sample["id"]) == list(test["id"])
    assert np.allclose(sample[classes].to_numpy(), 1 / 99)


def test_split_one_hot_and_images(comp, prepared):
    classes = registry.get_competition(CID).config.extra["submission"]["target_columns"]
    raw_train = pd.read_csv(prepared.raw_root / CID / "train.csv.zip")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == math.ceil(0.1 * len(raw_train)) and len(train) + len(answers) == len(raw_train)
    assert set(train["id"]).isdisjoint(answers["id"])
    hot = answers[classes].to_numpy()
    assert set(np.unique(hot)) <= {0, 1} and (hot.sum(axis=1) == 1).all()
    species = dict(zip(raw_train["id"], raw_train["species"]))
    assert [classes[j] for j in hot.argmax(axis=1)] == [species[i] for i in answers["id"]]
    # images of the new train and test leaves only (Kaggle's unlabelled test leaves are left out)
    stems = sorted(int(p.stem) for p in (comp.public_dir / "images").glob("*.jpg"))
    assert stems == sorted([*train["id"], *answers["id"]])


def _submission(classes, rows):
    """A frame of ``id`` and every class column, from (id, {class: probability}) pairs (others 0)."""
    probs = np.zeros((len(rows), len(classes)))
    for r, (_, given) in enumerate(rows):
        for c, p in given.items():
            probs[r, classes.index(c)] = p
    return pd.concat([pd.DataFrame({"id": [i for i, _ in rows]}), pd.DataFrame(probs, columns=classes)], axis=1)


def test_hand_checked_score(comp):
    classes = registry.get_competition(CID).config.extra["submission"]["target_columns"]
    a, b, c = classes[0], classes[1], classes[2]
    answers = _submission(classes, [(10, {a: 1}), (20, {b: 1})]).astype({k: int for k in classes})
    sub = _submission(classes, [(20, {b: 0.25, c: 0.75}), (10, {a: 0.5, b: 0.5})])
    expected = -(math.log(0.5) + math.log(0.25)) / 2
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)
    # a zero on the true class costs -log(machine epsilon), as scikit-learn in v1
    zero = _submission(classes, [(10, {b: 1}), (20, {b: 1})])
    assert comp.grader.grade(zero, answers).score == pytest.approx(-math.log(2.220446049250313e-16) / 2, abs=1e-4)


def test_rows_must_be_probabilities_summing_to_one(comp):
    classes = registry.get_competition(CID).config.extra["submission"]["target_columns"]
    a, b = classes[0], classes[1]
    answers = _submission(classes, [(10, {a: 1}), (20, {b: 1})]).astype({k: int for k in classes})
    unnormalised = _submission(classes, [(10, {a: 2, b: 1}), (20, {b: 1})])
    result = comp.grader.grade(unnormalised, answers)
    assert result.score is None and "[0, 1]" in result.invalid_reason
    short = _submission(classes, [(10, {a: 0.5, b: 0.4}), (20, {b: 1})])
    result = comp.grader.grade(short, answers)
    assert result.score is None and "sum to 1" in result.invalid_reason and "id 10" in result.invalid_reason


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)
