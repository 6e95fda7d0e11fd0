"""Leakage checks for the offline competitions whose public data are media files.

The contract suite only joins public CSVs with the answers. Here we look at what it cannot see:
file names (also inside zips), media metadata, and files copied into the public test folders.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from sklearn.metrics import roc_auc_score

from mlebench.utils import load_answers

MEDIA = ("offline-image-classification", "offline-image-to-image", "offline-segmentation", "offline-audio",
         "offline-object-detection", "offline-image-to-string")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# metadata PIL reports for plain files it wrote itself; anything else (text chunks, EXIF, XMP…) is suspect
ALLOWED_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "compression", "resolution"}
TIFF_TEXT_TAGS = {269, 270, 271, 272, 285, 305, 306, 315, 316, 700, 33432, 34665, 37510}


def public_files(public: Path) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every public file, zip members included as ``archive.zip/member``."""
    for p in sorted(public.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(public).as_posix()
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    if not n.endswith("/"):
                        yield f"{rel}/{n}", z.read(n)
        else:
            yield rel, p.read_bytes()


def riff_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", "not a RIFF/WAVE file"
    pos, out = 12, []
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        out.append(cid)
        pos += 8 + size + (size & 1)
    return out


@pytest.mark.parametrize("cid", MEDIA)
def test_media_files_carry_no_metadata(prepared, cid):
    comp = prepared.get(cid)
    n_media = 0
    for name, data in public_files(comp.public_dir):
        low = name.lower()
        if low.endswith(IMAGE_SUFFIXES):
            n_media += 1
            img = Image.open(io.BytesIO(data))
            extra = set(img.info) - ALLOWED_INFO
            assert not extra, f"{name}: unexpected image metadata {sorted(extra)}"
            if low.endswith((".tif", ".tiff")):
                bad = TIFF_TEXT_TAGS & set(img.tag_v2)
                assert not bad, f"{name}: TIFF text/metadata tags {sorted(bad)}"
        elif low.endswith(".wav"):
            n_media += 1
            assert riff_chunks(data) == [b"fmt ", b"data"], f"{name}: extra RIFF chunks {riff_chunks(data)}"
    assert n_media > 0, "no media files found in the public folder"


@pytest.mark.parametrize("cid", MEDIA)
def test_no_public_file_is_duplicated_between_train_and_test(prepared, cid):
    comp = prepared.get(cid)
    by_folder: dict[str, set[str]] = {"train": set(), "test": set()}
    for name, data in public_files(comp.public_dir):
        if not name.lower().endswith((*IMAGE_SUFFIXES, ".wav")):
            continue
        top = "test" if any("test" in part for part in name.split("/")[:-1]) else "train"  # nested folders too
        by_folder[top].add(hashlib.md5(data).hexdigest())
    assert by_folder["train"] and by_folder["test"]
    assert not by_folder["train"] & by_folder["test"], "the same media file is public in train and test"


def test_cactus_test_names_are_opaque(prepared):
    comp = prepared.get("offline-image-classification")
    answers = load_answers(comp.answers)
    with zipfile.ZipFile(comp.public_dir / "test.zip") as z:
        names = sorted(z.namelist())
    with zipfile.ZipFile(comp.public_dir / "train.zip") as z:
        train_names = {Path(n).name for n in z.namelist()}
    assert names == sorted("test/" + answers["id"])
    assert all(re.fullmatch(r"test/[0-9a-f]{32}\.jpg", n) for n in names)
    assert not train_names & set(answers["id"])
    # ids are random hex: their leading digit must not sort positives from negatives
    first = answers["id"].str[0].map(lambda c: int(c, 16))
    assert 0.35 < roc_auc_score(answers["has_cactus"], first) < 0.65


def test_whale_test_clip_names_leak_no_label(prepared):
    comp = prepared.get("offline-audio")
    answers = load_answers(comp.answers)
    with zipfile.ZipFile(comp.public_dir / "test2.zip") as z:
        names = [Path(n).name for n in z.namelist()]
    with zipfile.ZipFile(comp.public_dir / "train2.zip") as z:
        train = [Path(n).name for n in z.namelist()]
    assert sorted(names) == sorted(answers["clip"])
    for n in names:
        assert re.fullmatch(r"\d{8}_\d{6}_\d{3}s\dms_Test\d+\.wav", n), n
    # training names do carry the label, as on Kaggle
    assert all(re.fullmatch(r"\d{8}_\d{6}_\d{3}s\dms_TRAIN\d+_[01]\.wav", n) for n in train)
    # no part of a test name (day, time of day, offset, index) ranks the labels
    parts = answers["clip"].str.extract(r"(\d{8})_(\d{6})_(\d{3})s(\d)ms_Test(\d+)").astype(int)
    for col in parts.columns:
        if parts[col].nunique() > 1:
            auc = roc_auc_score(answers["probability"], parts[col])
            assert 0.3 < auc < 0.7, f"part {col} of the test clip names ranks the labels (AUC {auc:.2f})"
    # the test days are not training days
    assert not {n[:8] for n in names} & {n[:8] for n in train}


def test_denoising_clean_test_pages_are_private(prepared):
    comp = prepared.get("offline-image-to-image")
    public = comp.public_dir
    test = {p.name for p in (public / "test").glob("*.png")}
    assert test and not test & {p.name for p in (public / "train_cleaned").glob("*.png")}
    assert not test & {p.name for p in (public / "train").glob("*.png")}
    answers = load_answers(comp.answers)
    pages = answers["id"].str.rsplit("_", n=2).str[0]
    assert set(pages) == {Path(n).stem for n in test}
    # the public test pages are dirty: far from the clean answers
    for name in sorted(test)[:3]:
        dirty = np.asarray(Image.open(public / "test" / name), dtype=float) / 255
        clean = answers.loc[pages == Path(name).stem, "value"].to_numpy().reshape(dirty.shape)
        assert np.sqrt(np.mean((dirty - clean) ** 2)) > 0.05


def test_segmentation_test_outlines_are_private(prepared):
    comp = prepared.get("offline-segmentation")
    public = comp.public_dir
    answers = load_answers(comp.answers)
    test_files = {p.name for p in (public / "test").iterdir()}
    for i in answers["id"]:
        assert f"{i}.tiff" in test_files
        assert f"{i}.json" not in test_files, "glomerulus outlines of a test image are public (v1 issue #98)"
        assert not (public / "train" / f"{i}.tiff").exists()
        anatomy = (public / "test" / f"{i}-anatomical-structure.json").read_text()
        assert "glomerulus" not in anatomy.lower()
    info = pd.read_csv(public / "HuBMAP-20-dataset_information.csv")
    assert not any("encoding" in c or "predicted" in c for c in info.columns)
