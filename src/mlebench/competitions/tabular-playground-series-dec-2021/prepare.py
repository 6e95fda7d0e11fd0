"""v1's recipe: 10% of Kaggle's labelled train.csv becomes the test set (random_state=0).

Ids are kept. Kaggle's own (unlabelled) test.csv is not used. The private test.csv keeps every
column (features and Cover_Type), as in v1; the sample submission predicts class 2 everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["Cover_Type"]).to_csv(public / "test.csv", index=False)
    pd.DataFrame({"Id": new_test["Id"].to_numpy(), "Cover_Type": 2}).to_csv(
        public / "sample_submission.csv", index=False
    )
