"""v1's recipe: 20% of Kaggle's labelled images become the test set (random_state=0).

Kaggle's download: ``train_labels.csv.zip`` (``name, invasive``), ``sample_submission.csv.zip``,
``train.7z`` (``train/<name>.jpg``) and ``test.7z`` (unlabelled; not used). The rows of
``train_labels.csv`` are split as read. Public (as in v1): ``train_labels.csv.zip`` (the new train
rows), ``sample_submission.csv.zip`` (``name, invasive`` = 0.5), ``train.7z`` and ``test.7z``.
Private: ``answers.csv`` (``name, invasive``) and ``sample_submission.csv``.

v1 meant ``train.7z`` / ``test.7z`` to hold ``train/<name>.jpg`` / ``test/<name>.jpg``, but it
wrote each folder with py7zr's non-recursive ``write``, so each archive holds one empty folder
entry and no image. Version 1 keeps that (``with_images=False``; the entry is named ``train`` /
``test`` instead of v1's machine-dependent absolute path); version 2 ships the images.

Everything is written reproducibly: zip and 7z members carry a fixed timestamp and come in a fixed
order. A download whose inner archives were already extracted (``train_labels.csv``,
``train/``) prepares the same.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import py7zr
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.2, 0
MTIME = 1_493_596_800  # 2017-05-01: the timestamp of every archive member written here
ZIP_TIME = (2017, 5, 1, 0, 0, 0)


def _labels(raw: Path) -> pd.DataFrame:
    if (raw / "train_labels.csv").is_file():
        return pd.read_csv(raw / "train_labels.csv")
    with zipfile.ZipFile(raw / "train_labels.csv.zip") as zf:
        name = next(n for n in zf.namelist() if n.endswith("train_labels.csv"))
        return pd.read_csv(io.BytesIO(zf.read(name)))


def _images(raw: Path, scratch: Path) -> Path:
    """The folder of labelled images: ``raw/train/`` when extracted, else unpacked from ``train.7z``."""
    if (raw / "train").is_dir():
        return raw / "train"
    with py7zr.SevenZipFile(raw / "train.7z") as archive:
        archive.extractall(scratch)
    return scratch / "train"


def split(raw: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    labelled = _labels(raw)
    train, answers = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)
    assert train["name"].is_unique and answers["name"].is_unique
    assert set(train["name"]).isdisjoint(answers["name"]) and len(train) + len(answers) == len(labelled)
    return train, answers


def write_zip(archive: Path, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(info, data)


def write_7z_folder(archive: Path, folder: Path, arcname: str, files: list[Path]) -> None:
    """``archive`` holding the folder entry ``arcname`` and then ``files`` (in this order) under it."""
    for path in [folder, *files]:
        os.utime(path, (MTIME, MTIME))
    with py7zr.SevenZipFile(archive, "w") as z:
        z.write(folder, arcname=arcname)
        for path in files:
            z.write(path, arcname=f"{arcname}/{path.name}")


def prepare_files(raw: Path, public: Path, private: Path, *, with_images: bool) -> None:
    train, answers = split(raw)
    sample = answers.assign(invasive=0.5)
    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(private / "sample_submission.csv", index=False)
    write_zip(public / "sample_submission.csv.zip", "sample_submission.csv", sample.to_csv(index=False).encode())
    write_zip(public / "train_labels.csv.zip", "train_labels.csv", train.to_csv(index=False).encode())

    with tempfile.TemporaryDirectory(dir=private.parent) as tmp:
        scratch = Path(tmp)
        source = _images(raw, scratch / "in") if with_images else None
        for part, rows in (("train", train), ("test", answers)):
            folder = scratch / "out" / part
            folder.mkdir(parents=True)
            files = []
            if with_images:
                for name in sorted(rows["name"]):
                    files.append(folder / f"{name}.jpg")
                    shutil.copyfile(source / f"{name}.jpg", files[-1])
            write_7z_folder(public / f"{part}.7z", folder, part, files)


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_files(raw, public, private, with_images=False)
