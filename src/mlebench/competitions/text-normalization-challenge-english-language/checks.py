"""text-normalization-challenge-english-language: v1's sentence split, files and accuracy grading."""

import zipfile

import numpy as np
import pandas as pd
import pytest

CID = "text-normalization-challenge-english-language"
LANG = "en"


def _zipped_csv(path, name):
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == [name]
        with zf.open(name) as f:
            return pd.read_csv(f)


def check_files_match_v1(comp, lang):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == sorted(
        ["description.md", f"{lang}_train.csv.zip", f"{lang}_test_2.csv.zip", f"{lang}_sample_submission_2.csv.zip"]
    )
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv", "sample_submission.csv"]
    train = _zipped_csv(comp.public_dir / f"{lang}_train.csv.zip", f"{lang}_train.csv")
    test = _zipped_csv(comp.public_dir / f"{lang}_test_2.csv.zip", f"{lang}_test_2.csv")
    sample = _zipped_csv(comp.public_dir / f"{lang}_sample_submission_2.csv.zip", f"{lang}_sample_submission_2.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert list(train.columns) == ["sentence_id", "token_id", "class", "before", "after"]
    assert list(test.columns) == ["sentence_id", "token_id", "before"]  # no class, no after
    assert list(answers.columns) == list(sample.columns) == ["id", "after"]
    assert sample.equals(pd.read_csv(comp.private_dir / "sample_submission.csv"))
    assert list(answers["id"]) == list(test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str))
    assert sample["after"].equals(test["before"])
    # quoted like v1 (csv.QUOTE_NONNUMERIC)
    assert (comp.private_dir / "answers.csv").read_text(encoding="utf-8").startswith('"id","after"\n"0_0",')
    return train, test, answers


def check_sentence_split(comp, lang, raw_dir):
    train, test, answers = check_files_match_v1(comp, lang)
    raw = pd.read_csv(raw_dir / f"{lang}_train.csv.zip")
    n_sent = raw["sentence_id"].nunique()
    assert test["sentence_id"].nunique() == int(np.ceil(0.1 * n_sent))
    assert len(train) + len(test) == len(raw)
    # sentences renumbered from 0 in each set, in order of appearance
    for df in (train, test):
        assert list(df["sentence_id"].unique()) == list(range(df["sentence_id"].nunique()))
    # each test sentence is a whole raw sentence, with its answers
    raw_sents = {tuple(g["before"].astype(str)): tuple(g["after"].astype(str)) for _, g in raw.groupby("sentence_id")}
    test_full = test.assign(after=answers["after"].to_numpy())
    for _, g in test_full.groupby("sentence_id"):
        assert raw_sents[tuple(g["before"].astype(str))] == tuple(g["after"].astype(str))


def test_files_match_v1(comp):
    check_files_match_v1(comp, LANG)


def test_sentence_split(comp, prepared):
    check_sentence_split(comp, LANG, prepared.raw_root / CID)


def check_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["0_0", "0_1", "1_0", "1_1"], "after": ["a", "twelve", None, "b"]})
    sub = pd.DataFrame({"id": ["1_1", "1_0", "0_1", "0_0"], "after": ["b", None, "12", "a"]})
    # 0_0 right, 0_1 wrong, 1_0 both missing (v1: "nan" == "nan"), 1_1 right
    assert comp.grader(sub, answers) == pytest.approx(0.75)
    assert comp.grader(sub.assign(after=["b", "x", "12", "a"]), answers) == pytest.approx(0.5)


def test_hand_checked_score(comp):
    check_hand_checked_score(comp)


def test_na_like_tokens_read_as_v1_reads_them(comp):
    """"None" tokens become empty cells, as in v1; the sample (before copied) still scores."""
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert answers["after"].isna().any()
    assert comp.grader(pd.read_csv(comp.sample_submission, engine="pyarrow"), answers) is not None
