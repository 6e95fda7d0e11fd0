"""v1's recipe: Kaggle's labelled train set is split 81/19 (random_state=0) into a new train and test.

Public: ``train.csv`` (id, has_cactus), ``sample_submission.csv`` (has_cactus = 0.5),
``train.zip`` and ``test.zip`` (the images, stored flat: ``<id>`` at the archive root).
Private: ``test.csv`` (id, has_cactus).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE = 0.19  # Kaggle's 4000 test images against 17500 train images
SEED = 0


def _zip_files(src: Path, names: list[str], dest: Path) -> None:
    """A deterministic zip of ``src/<name>`` stored as ``<name>`` (sorted, fixed timestamps)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(src / name, "rb") as f_in, zf.open(info, "w") as f_out:
                shutil.copyfileobj(f_in, f_out)


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_SIZE, random_state=SEED)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    sample = new_test.copy()
    sample["has_cactus"] = 0.5
    sample.to_csv(public / "sample_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train", Path(tmp))
        _zip_files(images, list(new_train["id"]), public / "train.zip")
        _zip_files(images, list(new_test["id"]), public / "test.zip")

    assert set(new_train["id"]).isdisjoint(new_test["id"]), "train and test ids overlap"
    assert len(new_train) + len(new_test) == len(old_train)
