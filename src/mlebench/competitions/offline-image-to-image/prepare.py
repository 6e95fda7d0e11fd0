"""v1's recipe: the labelled pages (sorted by file name) are split 80/20 (``random_state=0``);
public gets ``train/``, ``train_cleaned/`` (train pages only) and ``test/`` (dirty test pages);
the clean test pages become ``answers.csv``, one row per pixel, ``id`` = ``<page>_<row>_<col>``
(1-indexed) and ``value`` = intensity / 255; ``sampleSubmission.csv`` has every value 1."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.model_selection import train_test_split

from mlebench.offline.common import SEED, write_csv


def pixels_frame(name: str, png: bytes) -> pd.DataFrame:
    """One row per pixel of a page: ``id`` = ``<name>_<row>_<col>`` (1-indexed), ``value`` in [0, 1]."""
    arr = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float) / 255.0
    rows, cols = np.indices(arr.shape)
    ids = name + "_" + (rows.ravel() + 1).astype(str).astype(object) + "_" + (cols.ravel() + 1).astype(str).astype(object)
    return pd.DataFrame({"id": ids, "value": arr.ravel()})


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "train.zip") as z:
        dirty = {Path(n).name: z.read(n) for n in z.namelist() if n.endswith(".png")}
    with zipfile.ZipFile(raw / "train_cleaned.zip") as z:
        clean = {Path(n).name: z.read(n) for n in z.namelist() if n.endswith(".png")}
    train_names, test_names = train_test_split(sorted(dirty), test_size=0.2, random_state=SEED)
    for folder, names, source in (("train", train_names, dirty), ("train_cleaned", train_names, clean),
                                  ("test", test_names, dirty)):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for n in sorted(names):
            (public / folder / n).write_bytes(source[n])
    answers = pd.concat([pixels_frame(Path(n).stem, clean[n]) for n in sorted(test_names)], ignore_index=True)
    write_csv(answers, private / "answers.csv")
    write_csv(answers.assign(value=1), public / "sampleSubmission.csv")
