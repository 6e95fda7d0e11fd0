"""v1's recipe: 30% of Kaggle's labelled phrases (``train.tsv``) become the test set (random_state=0).

Kaggle's test set is 66,293 phrases against 156,060 labelled ones, about 0.3 of the whole.
Public: ``train.tsv.zip`` and ``test.tsv.zip`` (each holding the one tab-separated file at its
root; test without ``Sentiment``) and ``sampleSubmission.csv`` (``PhraseId, Sentiment``, every
label 2). Private: ``answers.csv``, the test phrases with every column, comma-separated.
``train.tsv`` is read from Kaggle's ``train.tsv.zip`` or from the extracted file, with pandas'
default parsing (as v1 does), so phrases round-trip as v1 writes them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.3, 0
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _labelled(raw: Path) -> pd.DataFrame:
    if (raw / "train.tsv").is_file():
        return pd.read_csv(raw / "train.tsv", sep="\t")
    with zipfile.ZipFile(raw / "train.tsv.zip") as zf, zf.open("train.tsv") as f:
        return pd.read_csv(f, sep="\t")


def _zip_tsv(df: pd.DataFrame, name: str, dest: Path) -> None:
    """``dest`` holding ``name`` (the table tab-separated) at its root, with a fixed timestamp."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(dest, "w") as zf, zf.open(info, "w") as f:
        f.write(df.to_csv(index=False, sep="\t").encode("utf-8"))


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = _labelled(raw)
    train, answers = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
    test = answers.drop(columns=["Sentiment"])
    sample = answers[["PhraseId", "Sentiment"]].assign(Sentiment=2)

    assert train["PhraseId"].is_unique and test["PhraseId"].is_unique
    assert set(train["PhraseId"]).isdisjoint(test["PhraseId"]), "train and test phrases overlap"
    assert len(train) + len(test) == len(labelled)
    assert list(test.columns) == ["PhraseId", "SentenceId", "Phrase"]

    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sampleSubmission.csv", index=False)
    _zip_tsv(train, "train.tsv", public / "train.tsv.zip")
    _zip_tsv(test, "test.tsv", public / "test.tsv.zip")
