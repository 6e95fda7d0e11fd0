"""freesound-audio-tagging-2019: Kaggle's files copied, Zenodo's Private labels as the answers, lwlrap."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from mlebench.errors import MLEBenchError

CID = "freesound-audio-tagging-2019"


def _classes(comp):
    return list(comp.config.extra["submission"]["target_columns"])


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    names = ["sample_submission.csv", "test.zip", "train_curated.csv", "train_curated.zip", "train_noisy.csv", "train_noisy.zip"]
    assert sorted(p.name for p in comp.public_dir.iterdir()) == sorted(["description.md", *names])
    for name in names:
        assert (comp.public_dir / name).read_bytes() == (raw / name).read_bytes()
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]


def test_answers_are_the_private_labels(comp, prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "FSDKaggle2019.meta.zip") as zf:
        meta = pd.read_csv(io.BytesIO(zf.read("FSDKaggle2019.meta/test_post_competition.csv")))
    private = meta[meta["usage"] == "Private"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == ["fname", *_classes(comp)]
    assert list(answers["fname"]) == list(private["fname"])
    for (_, row), labels in zip(answers.iterrows(), private["labels"]):
        assert sorted(c for c in _classes(comp) if row[c] == 1) == sorted(labels.split(","))
    assert set(answers.iloc[:, 1:].to_numpy().ravel()) == {0, 1}
    with zipfile.ZipFile(comp.public_dir / "test.zip") as zf:
        assert sorted(zf.namelist()) == sorted(answers["fname"])


def test_missing_zenodo_labels_say_where_to_get_them(comp, prepared, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sample_submission.csv").write_bytes((prepared.raw_root / CID / "sample_submission.csv").read_bytes())
    with pytest.raises(MLEBenchError, match="zenodo"):
        comp.prepare_fn(raw=raw, public=tmp_path, private=tmp_path)


def test_hand_checked_score(comp):
    classes = _classes(comp)
    answers = pd.DataFrame(0, index=range(2), columns=classes).assign(fname=["a.wav", "b.wav"])
    answers.loc[0, [classes[0], classes[2]]] = 1
    answers.loc[1, classes[1]] = 1
    sub = pd.DataFrame(0.0, index=range(2), columns=classes).assign(fname=["b.wav", "a.wav"])
    sub.loc[1, [classes[0], classes[1], classes[2]]] = [0.5, 0.1, 0.9]  # a: 2 > 0 > 1 -> 1/1, 2/2
    sub.loc[0, [classes[0], classes[1], classes[2]]] = [0.8, 0.3, 0.2]  # b: label 1 ranked 2nd -> 1/2
    assert comp.grader.grade(sub[["fname", *classes[::-1]]], answers).score == pytest.approx(2.5 / 3, abs=1e-5)
