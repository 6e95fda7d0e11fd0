"""v1's recipe: Kaggle's labelled images are split 90/10 (random_state=0) into a new train and test.

The labelled file names (``cat.<n>.jpg``/``dog.<n>.jpg``), sorted by name, are split. Train images
are renumbered per class in split order (``cat.0.jpg``, ``cat.1.jpg``, …, ``dog.0.jpg``, …); test
images become ``1.jpg`` … ``N.jpg`` in split order. Public, as v1 leaves it: the folders
``train/`` and ``test/`` and the same images again as ``train.zip`` and ``test.zip`` (stored flat),
``sample_submission.csv`` (label = 0.5). Private: ``answers.csv`` (id, label: 1 = dog, 0 = cat).
Kaggle's unlabelled test images are not used.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE = 0.1
SEED = 0


def _zip_folder(src: Path, dest: Path) -> None:
    """A deterministic zip of the files in ``src``, stored flat (sorted, fixed timestamps)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(src.iterdir()):
            info = zipfile.ZipInfo(path.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as f_in, zf.open(info, "w") as f_out:
                shutil.copyfileobj(f_in, f_out)


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train", Path(tmp))
        names = sorted(p.name for p in images.glob("*.jpg"))
        train_names, test_names = train_test_split(names, test_size=TEST_SIZE, random_state=SEED)

        (public / "train").mkdir(exist_ok=True)
        counters = {"cat": 0, "dog": 0}
        for name in train_names:
            kind = "cat" if "cat" in name else "dog"
            shutil.copyfile(images / name, public / "train" / f"{kind}.{counters[kind]}.jpg")
            counters[kind] += 1

        (public / "test").mkdir(exist_ok=True)
        for i, name in enumerate(test_names, start=1):
            shutil.copyfile(images / name, public / "test" / f"{i}.jpg")

    _zip_folder(public / "train", public / "train.zip")
    _zip_folder(public / "test", public / "test.zip")

    ids = list(range(1, len(test_names) + 1))
    answers = pd.DataFrame({"id": ids, "label": [int("dog" in name) for name in test_names]})
    answers.to_csv(private / "answers.csv", index=False)
    pd.DataFrame({"id": ids, "label": [0.5] * len(ids)}).to_csv(public / "sample_submission.csv", index=False)
