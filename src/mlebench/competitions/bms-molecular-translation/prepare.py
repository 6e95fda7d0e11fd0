"""v1's recipe: Kaggle's labelled images are split 80/20 (``train_test_split(test_size=0.2,
random_state=0)`` on the rows of ``train_labels.csv``).

Public: ``train_labels.csv`` (image_id, InChI; the training rows in the split's order),
``sample_submission.csv`` (the test ids in the split's order, every InChI ``InChI=1S/H2O/h1H2``),
``extra_approved_InChIs.csv`` (copied) and the PNGs in ``train/`` and ``test/``, both in Kaggle's
three-level layout ``<c0>/<c1>/<c2>/<image_id>.png`` (the id's first three characters). Private:
``test.csv`` (image_id, InChI). Kaggle's own unlabelled ``test/`` images are not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.2, 0
SAMPLE_INCHI = "InChI=1S/H2O/h1H2"


def image_path(image_id: str) -> Path:
    """Kaggle's place for an image: one folder level per each of the id's first three characters."""
    return Path(image_id[0], image_id[1], image_id[2], f"{image_id}.png")


def _copy_images(source: Path, ids, target: Path) -> None:
    made: set[Path] = set()
    for image_id in ids:
        rel = image_path(image_id)
        if rel.parent not in made:
            (target / rel.parent).mkdir(parents=True, exist_ok=True)
            made.add(rel.parent)
        shutil.copyfile(source / rel, target / rel)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train_labels.csv")
    if list(labelled.columns) != ["image_id", "InChI"]:
        raise ValueError(f"Kaggle's train_labels.csv has columns {list(labelled.columns)}, expected image_id, InChI")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
    assert len(train) + len(test) == len(labelled)

    train.to_csv(public / "train_labels.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.assign(InChI=SAMPLE_INCHI).to_csv(public / "sample_submission.csv", index=False)
    shutil.copyfile(raw / "extra_approved_InChIs.csv", public / "extra_approved_InChIs.csv")

    with tempfile.TemporaryDirectory() as tmp:
        images = raw_folder(raw, "train", Path(tmp))
        _copy_images(images, train["image_id"].tolist(), public / "train")
        _copy_images(images, test["image_id"].tolist(), public / "test")
    assert sum(1 for _ in (public / "train").glob("*/*/*/*.png")) == len(train)
    assert sum(1 for _ in (public / "test").glob("*/*/*/*.png")) == len(test)
