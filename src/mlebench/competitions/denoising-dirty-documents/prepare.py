"""v1's recipe: Kaggle's pairs of dirty and cleaned training scans are split 80/20 (random_state=0).

The dirty scans' file names, sorted by name, are split. Public: ``train/`` and ``train_cleaned/``
(the new training pairs), ``test/`` (the dirty scans of the new test set) and
``sampleSubmission.csv`` (value = 1). Private: ``answers.csv`` with one row per pixel of every
cleaned test scan: ``id`` = ``<image>_<row>_<col>`` (1-based) and ``value`` = intensity / 255,
images in name order, pixels row by row. Kaggle's own test scans (no cleaned versions) are not
used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE = 0.2
SEED = 0


def pixels_table(path: Path) -> pd.DataFrame:
    """One row per pixel of a greyscale image: ``<stem>_<row>_<col>`` and intensity / 255."""
    values = np.asarray(Image.open(path).convert("L"), dtype=np.float64) / 255.0
    rows, cols = values.shape
    stem = path.stem
    ids = [f"{stem}_{r}_{c}" for r in range(1, rows + 1) for c in range(1, cols + 1)]
    return pd.DataFrame({"id": ids, "value": values.ravel()})


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dirty = raw_folder(raw, "train", Path(tmp) / "dirty")
        cleaned = raw_folder(raw, "train_cleaned", Path(tmp) / "cleaned")
        names = sorted(p.name for p in dirty.glob("*.png"))
        train_names, test_names = train_test_split(names, test_size=TEST_SIZE, random_state=SEED)

        for folder in ("train", "train_cleaned", "test"):
            (public / folder).mkdir(exist_ok=True)
        for name in train_names:
            shutil.copyfile(dirty / name, public / "train" / name)
            shutil.copyfile(cleaned / name, public / "train_cleaned" / name)
        for name in test_names:
            shutil.copyfile(dirty / name, public / "test" / name)

        answers = pd.concat([pixels_table(cleaned / name) for name in sorted(test_names)], ignore_index=True)

    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(value=1).to_csv(public / "sampleSubmission.csv", index=False)
    assert answers["id"].is_unique, "pixel ids must be unique"
