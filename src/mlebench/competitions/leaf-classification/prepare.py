"""v1's recipe: Kaggle's labelled leaves are split 90/10 (random_state=0) into a new train and test.

Public: ``train.csv`` (id, species, 192 features), ``test.csv`` (id and features),
``sample_submission.csv`` (id and one column per species, each 1/99), ``images/<id>.jpg`` for the
new train and test leaves. Private: ``test.csv`` — the answers one-hot encoded like a submission
(id and 99 species columns of 0/1). Kaggle's unlabelled test leaves are not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE = 0.1
SEED = 0
CLASSES: list[str] = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]


def _read_table(raw: Path, name: str) -> pd.DataFrame:
    """``name`` as extracted, or still inside Kaggle's ``name.zip``."""
    return pd.read_csv(raw / name if (raw / name).exists() else raw / f"{name}.zip")


def one_hot(ids: pd.Series, species: pd.Series) -> pd.DataFrame:
    """``id`` plus one 0/1 column per species in ``CLASSES`` order."""
    unknown = sorted(set(species) - set(CLASSES))
    assert not unknown, f"species not in the class list: {unknown}"
    hot = (species.to_numpy()[:, None] == np.asarray(CLASSES)[None, :]).astype(np.int64)
    return pd.concat([ids.reset_index(drop=True), pd.DataFrame(hot, columns=CLASSES)], axis=1)


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = _read_table(raw, "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)
    assert set(new_train["id"]).isdisjoint(new_test["id"]), "train and test ids overlap"

    (public / "images").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "images", Path(tmp))
        for leaf_id in [*new_train["id"], *new_test["id"]]:
            shutil.copyfile(images / f"{leaf_id}.jpg", public / "images" / f"{leaf_id}.jpg")

    answers = one_hot(new_test["id"], new_test["species"])
    sample = answers.astype({c: "float64" for c in CLASSES})
    sample[CLASSES] = 1 / len(CLASSES)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.drop(columns=["species"]).to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
