"""v1's recipe: 14% of Kaggle's labelled images become the test set (random_state=0).

Kaggle's test set is 794 images against 4,750 labelled ones, about 0.14 of the whole. The
labelled images are listed species folder by species folder, both in sorted order, before the
split. Public: ``train/<species>/<file>.png``, ``test/<file>.png`` (flat) and
``sample_submission.csv`` (``file, species``, every species "Sugar beet").
Private: ``answers.csv`` (``file, species``). ``train/`` is read from the extracted download or
from a ``train.zip``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.14, 0
SAMPLE_SPECIES = "Sugar beet"


def list_images(train_dir: Path) -> pd.DataFrame:
    """``file, species`` for every ``<species>/<file>.png``, species and files in sorted order."""
    rows = [
        {"file": image.name, "species": species.name}
        for species in sorted((p for p in train_dir.iterdir() if p.is_dir()), key=lambda p: p.name)
        for image in sorted(species.iterdir(), key=lambda p: p.name)
        if image.name.endswith(".png")
    ]
    return pd.DataFrame(rows, columns=["file", "species"])


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        train_dir = raw_folder(raw, "train", Path(tmp))
        labelled = list_images(train_dir)
        train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
        assert set(train["file"]).isdisjoint(test["file"]), "train and test images overlap"
        assert len(train) + len(test) == len(labelled)

        test.to_csv(private / "answers.csv", index=False)
        test.assign(species=SAMPLE_SPECIES).to_csv(public / "sample_submission.csv", index=False)

        for species in sorted(train["species"].unique()):
            (public / "train" / species).mkdir(parents=True, exist_ok=True)
        (public / "test").mkdir(exist_ok=True)
        for file, species in zip(train["file"], train["species"]):
            shutil.copyfile(train_dir / species / file, public / "train" / species / file)
        for file, species in zip(test["file"], test["species"]):
            shutil.copyfile(train_dir / species / file, public / "test" / file)

    assert len(list(public.glob("train/*/*.png"))) == len(train)
    assert len(list(public.glob("test/*.png"))) == len(test)
