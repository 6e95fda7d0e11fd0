"""v1's recipe: the labelled ``en_train.csv`` is split by sentence (10% of sentence ids, seed 0)
into a new train and test set, sentence ids are renumbered from 0 in each, and the files are
written with every text field quoted. Public: zipped ``en_train.csv``, ``en_test_2.csv`` and
``en_sample_submission_2.csv`` (``after`` = ``before``); private: ``answers.csv`` and, as in v1,
a copy of the sample submission as ``sample_submission.csv``."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.offline.common import SEED


def _raw_module():
    from mlebench.registry import load_module

    return load_module(Path(__file__).with_name("raw.py"), "offline-text-normalization.raw")


def _renumber(df: pd.DataFrame) -> pd.DataFrame:
    mapping = {old: new for new, old in enumerate(df["sentence_id"].unique())}
    return df.assign(sentence_id=df["sentence_id"].map(mapping)).reset_index(drop=True)


def prepare(raw: Path, public: Path, private: Path) -> None:
    rawmod = _raw_module()
    old = pd.read_csv(raw / "en_train.csv.zip", dtype={"before": str, "after": str}, keep_default_na=False)
    train_ids, test_ids = train_test_split(old["sentence_id"].unique(), test_size=0.1, random_state=SEED)
    train = _renumber(old[old["sentence_id"].isin(train_ids)])
    test = _renumber(old[old["sentence_id"].isin(test_ids)])
    assert len(train) + len(test) == len(old)
    ids = test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)
    answers = pd.DataFrame({"id": ids, "after": test["after"]})
    sample = pd.DataFrame({"id": ids, "after": test["before"]})
    rawmod.write_zip(train, public / "en_train.csv.zip", "en_train.csv")
    rawmod.write_zip(test[["sentence_id", "token_id", "before"]], public / "en_test_2.csv.zip", "en_test_2.csv")
    rawmod.write_zip(sample, public / "en_sample_submission_2.csv.zip", "en_sample_submission_2.csv")
    (private / "answers.csv").write_bytes(rawmod.csv_bytes(answers))
    (private / "sample_submission.csv").write_bytes(rawmod.csv_bytes(sample))
