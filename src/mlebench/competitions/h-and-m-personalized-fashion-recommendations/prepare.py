"""v1's recipe: the purchases of the last 8 days of Kaggle's ``transactions_train.csv`` become the test period.

Every transaction dated on or after (last date - 7 days) is a test purchase; the rest stay in
training. Article ids are read as numbers, as v1 read them, so the public
``transactions_train.csv`` and the answers write them without Kaggle's leading zero
(``706016001``, where Kaggle's files write ``0706016001``).

Public: ``transactions_train.csv`` (t_dat, customer_id, article_id, price, sales_channel_id), and
Kaggle's ``articles.csv``, ``customers.csv``, ``sample_submission.csv`` and ``images/`` copied
unchanged. Private: ``answers.csv`` (customer_id, prediction: the articles each customer bought in
the test period, space-separated in purchase order, one row per customer who bought anything).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

TEST_DAYS = 7  # v1 keeps dates >= last date - 7 days: eight calendar days


def prepare(raw: Path, public: Path, private: Path) -> None:
    transactions = pd.read_csv(raw / "transactions_train.csv")
    dates = pd.to_datetime(transactions["t_dat"])
    in_test = (dates >= dates.max() - pd.Timedelta(days=TEST_DAYS)).to_numpy()
    new_train, new_test = transactions[~in_test], transactions[in_test]

    answers = (
        new_test.groupby("customer_id")["article_id"].apply(lambda ids: " ".join(ids.astype(str))).reset_index()
    ).rename(columns={"article_id": "prediction"})

    assert list(new_train.columns) == ["t_dat", "customer_id", "article_id", "price", "sales_channel_id"]
    assert answers["customer_id"].is_unique

    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "transactions_train.csv", index=False)
    for name in ("sample_submission.csv", "articles.csv", "customers.csv"):
        shutil.copyfile(raw / name, public / name)
    shutil.copytree(raw / "images", public / "images", dirs_exist_ok=True)
