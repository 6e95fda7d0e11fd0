"""spooky-author-identification: v1's prepared layout and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import math
import zipfile

import pandas as pd
import pytest

CID = "spooky-author-identification"
CLASSES = ["EAP", "HPL", "MWS"]


def test_files_and_columns_match_v1(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == ["id", "text", "author"]
    assert list(test.columns) == ["id", "text"]
    assert list(answers.columns) == list(sample.columns) == ["id", *CLASSES]
    assert list(sample["id"]) == list(test["id"]) == list(answers["id"])
    assert (answers[CLASSES].sum(axis=1) == 1).all()
    assert sample[CLASSES].iloc[0].tolist() == [0.403493538995863, 0.287808366106543, 0.308698094897594]


def test_split_is_ten_percent_and_answers_are_the_raw_authors(comp, prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "train.zip") as zf, zf.open("train.csv") as f:
        raw = pd.read_csv(f).set_index("id")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == len(raw) // 10 and len(train) + len(answers) == len(raw)
    assert set(train["id"]).isdisjoint(answers["id"])
    authors = answers.set_index("id")[CLASSES].idxmax(axis=1)
    assert (raw.loc[authors.index, "author"] == authors).all()


def test_extracted_and_zipped_raw_prepare_the_same(comp, prepared, tmp_path):
    raw = tmp_path / "raw"
    with zipfile.ZipFile(prepared.raw_root / CID / "train.zip") as zf:
        zf.extractall(raw)
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for rel in ["public/train.csv", "public/test.csv", "public/sample_submission.csv", "private/test.csv"]:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes(), rel


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["id1", "id2"], "EAP": [1, 0], "HPL": [0, 0], "MWS": [0, 1]})
    sub = pd.DataFrame({"id": ["id2", "id1"], "EAP": [0.2, 0.5], "HPL": [0.2, 0.25], "MWS": [0.6, 0.25]})
    # -(ln 0.5 + ln 0.6) / 2
    assert comp.grader(sub, answers) == pytest.approx(round(-(math.log(0.5) + math.log(0.6)) / 2, 5))


def test_rows_must_be_distributions(comp):
    answers = pd.DataFrame({"id": ["id1"], "EAP": [1], "HPL": [0], "MWS": [0]})
    result = comp.grader.grade(pd.DataFrame({"id": ["id1"], "EAP": [2.0], "HPL": [1.0], "MWS": [1.0]}), answers)
    assert result.score is None and "[0, 1]" in result.invalid_reason
    result = comp.grader.grade(pd.DataFrame({"id": ["id1"], "EAP": [0.5], "HPL": [0.2], "MWS": [0.2]}), answers)
    assert result.score is None and "sum to 1" in result.invalid_reason
