"""movie-review-sentiment-analysis-kernels-only: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import math
import zipfile

import pandas as pd
import pytest

CID = "movie-review-sentiment-analysis-kernels-only"


def _tsv(path, name):
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == [name]
        with zf.open(name) as f:
            return pd.read_csv(f, sep="\t")


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sampleSubmission.csv", "test.tsv.zip", "train.tsv.zip"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    train = _tsv(comp.public_dir / "train.tsv.zip", "train.tsv")
    test = _tsv(comp.public_dir / "test.tsv.zip", "test.tsv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sampleSubmission.csv")
    assert list(train.columns) == list(answers.columns) == ["PhraseId", "SentenceId", "Phrase", "Sentiment"]
    assert list(test.columns) == ["PhraseId", "SentenceId", "Phrase"]
    assert list(sample.columns) == ["PhraseId", "Sentiment"] and (sample["Sentiment"] == 2).all()
    assert list(sample["PhraseId"]) == list(test["PhraseId"]) == list(answers["PhraseId"])
    assert test.equals(answers.drop(columns=["Sentiment"]))


def test_split_is_thirty_percent_and_labels_are_the_raw_ones(comp, prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "train.tsv.zip") as zf, zf.open("train.tsv") as f:
        raw = pd.read_csv(f, sep="\t").set_index("PhraseId")
    train = _tsv(comp.public_dir / "train.tsv.zip", "train.tsv")
    answers = pd.read_csv(comp.private_dir / "answers.csv").set_index("PhraseId")
    assert len(answers) == math.ceil(0.3 * len(raw)) and len(train) + len(answers) == len(raw)
    assert set(train["PhraseId"]).isdisjoint(answers.index)
    assert answers.equals(raw.loc[answers.index])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"PhraseId": [10, 11, 12, 13], "SentenceId": [1, 1, 1, 2],
                            "Phrase": ["a", "b", "c", "d"], "Sentiment": [0, 2, 4, 3]})
    sub = pd.DataFrame({"PhraseId": [13, 12, 11, 10], "Sentiment": [3, 4, 1, 1]})
    # 10: 1 vs 0 wrong, 11: 1 vs 2 wrong, 12: 4 right, 13: 3 right
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5)


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)


def test_public_archives_are_reproducible(comp, prepared, tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=prepared.raw_root / CID, public=tmp_path / "public", private=tmp_path / "private")
    for name in ["train.tsv.zip", "test.tsv.zip"]:
        assert (tmp_path / "public" / name).read_bytes() == (comp.public_dir / name).read_bytes(), name
