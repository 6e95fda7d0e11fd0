"""v1's recipe: Kaggle's labelled images, less ``ce27d36c9147cc19.jpg`` (listed twice, so it
could land on both sides), are split 90/10 (``test_size=0.1``, random_state=0).

Public: ``train.csv`` (``image, chain, hotel_id, timestamp``), ``train_images/<chain>/<image>``,
``test_images/<image>`` (flat: the chain is not given) and ``sample_submission.csv`` (``image,
hotel_id`` with v1's five fixed hotel ids on every row). Private: ``test.csv``, the test rows with
every column. Kaggle's own ``test_images/`` (placeholder images) is not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0
DUPLICATED_IMAGE = "ce27d36c9147cc19.jpg"
SAMPLE_GUESS = "36363 53586 18807 64314 60181"


def _copy(src: Path, dst: Path) -> None:
    if dst.exists():
        raise FileExistsError(f"{dst} is written twice: is an image listed twice in train.csv?")
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    labelled = labelled[labelled["image"] != DUPLICATED_IMAGE]
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    train.to_csv(public / "train.csv", index=False)
    test[["image", "hotel_id"]].assign(hotel_id=SAMPLE_GUESS).to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)

    (public / "train_images").mkdir(exist_ok=True)
    (public / "test_images").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train_images", Path(tmp))
        for image, chain in zip(train["image"], train["chain"]):
            _copy(images / str(chain) / image, public / "train_images" / str(chain) / image)
        for image, chain in zip(test["image"], test["chain"]):
            _copy(images / str(chain) / image, public / "test_images" / image)

    assert len(train) + len(test) == len(labelled)
    assert set(train["image"]).isdisjoint(test["image"])
