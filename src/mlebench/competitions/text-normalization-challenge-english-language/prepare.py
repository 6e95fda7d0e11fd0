"""v1's recipe: 10% of the sentences of Kaggle's labelled ``<lang>_train.csv`` become the test set.

Sentences are split whole (``train_test_split`` over the unique sentence ids, random_state=0),
then renumbered from 0 in order of appearance within each set. The public files are zipped as
on Kaggle; the test tokens lose ``class`` and ``after``. The answers' id is
``<sentence_id>_<token_id>``. Shared by the Russian competition (``LANG = "ru"`` there).
"""

from __future__ import annotations

import csv
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

LANG = "en"
TRAIN_COLUMNS = ["sentence_id", "token_id", "class", "before", "after"]


def _write_zipped(df: pd.DataFrame, dest_zip: Path, name: str, tmp: Path) -> None:
    df.to_csv(tmp / name, index=False, quotechar='"', quoting=csv.QUOTE_NONNUMERIC)
    with zipfile.ZipFile(dest_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(tmp / name, arcname=name)
    (tmp / name).unlink()


def prepare_language(raw: Path, public: Path, private: Path, lang: str) -> None:
    # v1 reads the file with pandas' default NA handling; tokens such as "NA" become empty cells
    old_train = pd.read_csv(raw / f"{lang}_train.csv.zip")
    if list(old_train.columns) != TRAIN_COLUMNS:
        raise ValueError(f"{lang}_train.csv has columns {list(old_train.columns)}, expected {TRAIN_COLUMNS}")

    train_ids, test_ids = train_test_split(old_train["sentence_id"].unique(), test_size=0.1, random_state=0)
    new_train = old_train[old_train["sentence_id"].isin(train_ids)].copy()
    answers = old_train[old_train["sentence_id"].isin(test_ids)].copy()
    for df in (new_train, answers):
        renumber = {old: new for new, old in enumerate(df["sentence_id"].unique())}
        df["sentence_id"] = df["sentence_id"].map(renumber)

    new_test = answers[["sentence_id", "token_id", "before"]].copy()
    ids = answers["sentence_id"].astype(str) + "_" + answers["token_id"].astype(str)
    answers_out = pd.DataFrame({"id": ids, "after": answers["after"]})
    sample = pd.DataFrame({"id": ids, "after": answers["before"]})

    quoted = {"index": False, "quotechar": '"', "quoting": csv.QUOTE_NONNUMERIC}
    answers_out.to_csv(private / "answers.csv", **quoted)
    sample.to_csv(private / "sample_submission.csv", **quoted)
    with tempfile.TemporaryDirectory(dir=public.parent) as tmp:
        _write_zipped(new_train, public / f"{lang}_train.csv.zip", f"{lang}_train.csv", Path(tmp))
        _write_zipped(new_test, public / f"{lang}_test_2.csv.zip", f"{lang}_test_2.csv", Path(tmp))
        _write_zipped(sample, public / f"{lang}_sample_submission_2.csv.zip", f"{lang}_sample_submission_2.csv", Path(tmp))


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_language(raw, public, private, LANG)
