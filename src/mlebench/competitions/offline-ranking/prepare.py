"""v1's recipe: purchases from the last seven days before the final date (inclusive, ``t_dat >=
max - 7 days``) become the test period; the answers list, for every customer who bought something
then, the articles bought (here without repeats, which MAP@12 ignores anyway). The sample
submission (all customers) and the article and customer tables are copied as they are."""

from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from mlebench.offline.common import write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    read = lambda name: pd.read_csv(raw / name, dtype=str, keep_default_na=False)  # noqa: E731
    trans = read("transactions_train.csv")
    cutoff = (date.fromisoformat(trans["t_dat"].max()) - timedelta(days=7)).isoformat()
    train, test = trans[trans["t_dat"] < cutoff], trans[trans["t_dat"] >= cutoff]
    answers = (test.drop_duplicates(["customer_id", "article_id"]).groupby("customer_id", sort=True)["article_id"]
               .agg(" ".join).reset_index().rename(columns={"article_id": "prediction"}))
    write_csv(train, public / "transactions_train.csv")
    for name in ("articles.csv", "customers.csv", "sample_submission.csv"):
        write_csv(read(name), public / name)
    write_csv(answers, private / "answers.csv")
