"""v1's recipe: Kaggle's 4,000 labelled images are split 75/25 (``test_size=0.25``, random_state=0).

Read from ``competition_data.zip`` (``competition_data/train.csv``, ``competition_data/train/
{images,masks}/<id>.png``; extracted or not) and ``depths.csv``. Public: ``train.csv`` (``id,
rle_mask``; no salt = blank), ``train/images/``, ``train/masks/``, ``test/images/``,
``depths.csv`` (``id, z`` of the training images only) and ``sample_submission.csv`` (``id,
rle_mask`` with every mask ``1 1``), all sorted by id. Private: ``test.csv`` (``id, rle_mask``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.25, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = raw_folder(raw, "competition_data", Path(tmp))
        labelled = pd.read_csv(data / "train.csv", dtype=str, keep_default_na=False)
        if list(labelled.columns) != ["id", "rle_mask"]:
            raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected id, rle_mask")
        train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
        images = sorted((data / "train" / "images").glob("*.png"))
        if len(images) != len(labelled):
            raise ValueError(f"{len(images)} training images for {len(labelled)} rows of train.csv")

        train.sort_values("id").to_csv(public / "train.csv", index=False)
        test.sort_values("id").to_csv(private / "test.csv", index=False)
        test[["id"]].assign(rle_mask="1 1").sort_values("id").to_csv(public / "sample_submission.csv", index=False)

        test_ids = set(test["id"])
        for folder in ("train/images", "train/masks", "test/images"):
            (public / folder).mkdir(parents=True, exist_ok=True)
        for image in images:
            if image.stem in test_ids:
                shutil.copyfile(image, public / "test" / "images" / image.name)
            else:
                shutil.copyfile(image, public / "train" / "images" / image.name)
                shutil.copyfile(data / "train" / "masks" / image.name, public / "train" / "masks" / image.name)

    depths = pd.read_csv(raw / "depths.csv")
    depths[depths["id"].isin(set(train["id"]))].sort_values("id").to_csv(public / "depths.csv", index=False)

    assert len(train) + len(test) == len(labelled)
    assert len(list((public / "test" / "images").glob("*.png"))) == len(test)
    assert len(list((public / "train" / "masks").glob("*.png"))) == len(train)
