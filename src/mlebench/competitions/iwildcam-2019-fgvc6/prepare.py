"""v1's recipe: the split is made by camera location, so that no test camera is seen in training.

The locations of Kaggle's ``train.csv`` (in order of first appearance) are split with
``train_test_split(test_size=0.1, random_state=8)``; every image of a test location becomes a test
image (about 44% of the images, close to Kaggle's own train/test ratio). Rows keep Kaggle's order.

Public: ``train.csv`` (all of Kaggle's columns), ``test.csv`` (without ``category_id``),
``sample_submission.csv`` (``Id, Category``; every Category 0), ``train_images.zip`` and
``test_images.zip`` (the JPEGs ``<id>.jpg`` at the archive's root). Private: ``test.csv`` (the test
rows with ``category_id``) and ``answers.csv`` (``Id, Category``). Kaggle's own unlabelled test
images are not used. Images are streamed from ``train_images.zip`` (or its extracted folder) into
the public archives, never extracted to disk.
"""

from __future__ import annotations

import zipfile
from contextlib import ExitStack
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 8
SAMPLE_CATEGORY = 0


def _image_reader(raw: Path, stack: ExitStack):
    """``read(file_name) -> bytes`` over Kaggle's training images, zipped or extracted."""
    folder = raw / "train_images"
    if folder.is_dir():
        return lambda name: (folder / name).read_bytes()
    archive = stack.enter_context(zipfile.ZipFile(raw / "train_images.zip"))
    members = {Path(info.filename).name: info for info in archive.infolist() if not info.is_dir()}
    return lambda name: archive.read(members[name])


def _write_images(read, ids: pd.Series, target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for image_id in sorted(ids):
            out.writestr(f"{image_id}.jpg", read(f"{image_id}.jpg"))


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    locations = labelled["location"].unique()
    _, test_locations = train_test_split(locations, test_size=TEST_SIZE, random_state=SEED)
    is_test = labelled["location"].isin(test_locations)
    train, answers = labelled[~is_test], labelled[is_test]
    public_test = answers.drop(columns=["category_id"])
    gold = answers[["id", "category_id"]].rename(columns={"id": "Id", "category_id": "Category"})
    sample = gold.assign(Category=SAMPLE_CATEGORY)

    assert set(train["location"]).isdisjoint(answers["location"]), "a location is in both train and test"
    assert len(train) + len(answers) == len(labelled)

    answers.to_csv(private / "test.csv", index=False)
    gold.to_csv(private / "answers.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    public_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    with ExitStack() as stack:
        read = _image_reader(raw, stack)
        _write_images(read, train["id"], public / "train_images.zip")
        _write_images(read, answers["id"], public / "test_images.zip")
