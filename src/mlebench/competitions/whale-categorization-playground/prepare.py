"""v1's recipe: Kaggle's labelled images are split so that every whale with two or more images
has at least one in train and one in test.

In order of first appearance of each ``Id`` (``new_whale`` included): a whale with two or more
images sends ``group.sample(2, random_state=0)``'s first row to train and second to test; a whale
with one image sends it to test with probability 0.1 (``np.random.default_rng(0).choice``, one
draw per such whale, in that order). The rows still unassigned are split with
``train_test_split(test_size=0.1, random_state=0)``. Test rows whose whale has no train image are
relabelled ``new_whale``.

Public: ``train.csv`` (``Image, Id``), ``train/`` and ``test/`` (flat JPEGs) and
``sample_submission.csv`` (``Image, Id`` with v1's five fixed guesses on every row). Private:
``test.csv`` (``Image, Id``). Kaggle's own unlabelled ``test/`` is not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0
SAMPLE_GUESS = "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46"


def split(labelled: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(train, answers) as v1 makes them, rows in the download's order."""
    side = pd.Series("undecided", index=labelled.index, dtype=object)
    rng = np.random.default_rng(SEED)
    for _, images in labelled.groupby("Id", sort=False):
        if len(images) >= 2:
            chosen = images.sample(2, random_state=SEED).index
            side[chosen[0]], side[chosen[1]] = "train", "test"
        else:
            side[images.index[0]] = rng.choice(["train", "test"], replace=False, p=[1 - TEST_SIZE, TEST_SIZE])
    rest = labelled[side == "undecided"]
    rest_train, rest_test = train_test_split(rest, test_size=TEST_SIZE, random_state=SEED)
    side[rest_train.index], side[rest_test.index] = "train", "test"
    train, answers = labelled[side == "train"].copy(), labelled[side == "test"].copy()
    answers.loc[~answers["Id"].isin(set(train["Id"])), "Id"] = "new_whale"
    return train, answers


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if list(labelled.columns) != ["Image", "Id"]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected Image, Id")
    train, answers = split(labelled)
    if "new_whale" not in set(answers["Id"]):
        raise ValueError("no test image is labelled new_whale; is this Kaggle's train.csv?")

    answers.to_csv(private / "test.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    answers.assign(Id=SAMPLE_GUESS).to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train", Path(tmp))
        for folder, rows in (("train", train), ("test", answers)):
            (public / folder).mkdir(exist_ok=True)
            for image in rows["Image"]:
                shutil.copyfile(images / image, public / folder / image)

    assert len(train) + len(answers) == len(labelled)
    assert len(list(public.glob("test/*.jpg"))) == len(answers)
