"""v1's recipe: the purchases of the last 8 days of Kaggle's ``transactions_train.csv`` become the test period.

Every transaction dated on or after (last date - 7 days) is a test purchase; the rest stay in
training. Article ids are read as numbers, as v1 read them, so the public
``transactions_train.csv`` and the answers write them without Kaggle's leading zero
(``706016001``, where Kaggle's files write ``0706016001``).

Public: ``transactions_train.csv`` (t_dat, customer_id, article_id, price, sales_channel_id), and
Kaggle's ``articles.csv``, ``customers.csv``, ``sample_submission.csv`` and ``images/`` copied
unchanged. Private: ``answers.csv`` (customer_id, prediction: the articles each customer bought in
the test period, space-separated in purchase order, one row per customer who bought anything).

Streamed (Kaggle's table is 3.5 GB): one chunked pass finds the last date, a second writes the
training rows chunk by chunk and keeps only the test period's rows (a few percent) for the answers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

TEST_DAYS = 7  # v1 keeps dates >= last date - 7 days: eight calendar days
CHUNK_ROWS = 5_000  # about 0.5 MB of transactions at a time (the tokenizer's buffers grow by doubling)
COLUMNS = ["t_dat", "customer_id", "article_id", "price", "sales_channel_id"]


def _chunks(path: Path, **kwargs) -> pd.io.parsers.TextFileReader:
    # object strings: pandas 3's Arrow strings allocate large buffers up front
    return pd.read_csv(path, chunksize=CHUNK_ROWS, dtype={"t_dat": object, "customer_id": object}, **kwargs)


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "transactions_train.csv"
    with _chunks(source, usecols=["t_dat"]) as dates:
        last = max(pd.to_datetime(chunk["t_dat"]).max() for chunk in dates)
    start = last - pd.Timedelta(days=TEST_DAYS)

    test_parts = []
    with _chunks(source) as chunks, open(public / "transactions_train.csv", "w") as train_out:
        for i, chunk in enumerate(chunks):
            if i == 0:
                assert list(chunk.columns) == COLUMNS
            in_test = (pd.to_datetime(chunk["t_dat"]) >= start).to_numpy()
            chunk[~in_test].to_csv(train_out, index=False, header=i == 0)
            test_parts.append(chunk[in_test])
    new_test = pd.concat(test_parts)

    answers = (
        new_test.groupby("customer_id")["article_id"].apply(lambda ids: " ".join(ids.astype(str))).reset_index()
    ).rename(columns={"article_id": "prediction"})
    assert answers["customer_id"].is_unique

    answers.to_csv(private / "answers.csv", index=False)
    for name in ("sample_submission.csv", "articles.csv", "customers.csv"):
        shutil.copyfile(raw / name, public / name)
    shutil.copytree(raw / "images", public / "images", dirs_exist_ok=True)
