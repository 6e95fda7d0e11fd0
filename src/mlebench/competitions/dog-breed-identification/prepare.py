"""v1's recipe: Kaggle's labelled dog photos are split 90/10 (random_state=0) into train and test.

Public: ``labels.csv`` (id, breed), ``sample_submission.csv`` (id and one column per breed, each
1/120), ``train/<id>.jpg``, ``test/<id>.jpg``. Private: ``test.csv`` — the answers one-hot
encoded like a submission (id and 120 breed columns of 0/1). Kaggle's unlabelled test photos are
not used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
BREEDS: list[str] = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]


def one_hot(ids: pd.Series, breeds: pd.Series) -> pd.DataFrame:
    """``id`` plus one 0/1 column per breed in ``BREEDS`` order."""
    unknown = sorted(set(breeds) - set(BREEDS))
    assert not unknown, f"breeds not in the class list: {unknown}"
    hot = (breeds.to_numpy()[:, None] == np.asarray(BREEDS)[None, :]).astype(np.int64)
    return pd.concat([ids.reset_index(drop=True), pd.DataFrame(hot, columns=BREEDS)], axis=1)


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "labels.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)
    assert set(new_train["id"]).isdisjoint(new_test["id"]), "train and test ids overlap"

    for folder, ids in (("train", new_train["id"]), ("test", new_test["id"])):
        (public / folder).mkdir(exist_ok=True)
        for image_id in ids:
            shutil.copyfile(raw / "train" / f"{image_id}.jpg", public / folder / f"{image_id}.jpg")

    answers = one_hot(new_test["id"], new_test["breed"])
    sample = answers.astype({b: "float64" for b in BREEDS})
    sample[BREEDS] = 1 / len(BREEDS)

    new_train.to_csv(public / "labels.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
