"""v1's recipe: Kaggle's training records are split in two, the test part as large as Kaggle's
validation set (``train_test_split(test_size=len(validation_metadata), random_state=0)`` on the
records of ``train_metadata.json``, in its order).

Public: ``train/<record_id>/`` (``band_08.npy`` … ``band_16.npy``, ``human_individual_masks.npy``,
``human_pixel_masks.npy``), ``test/<record_id>/`` (the nine bands only), Kaggle's ``validation/``
and ``validation_metadata.json`` as they are, ``train_metadata.json`` (the training records, as
``json.dumps`` writes them) and ``sample_submission.csv`` (``record_id, encoded_pixels, height,
width`` with every mask drawn from ``"1 3 10 5"`` and ``"-"`` by ``random.seed(0)``).
Private: ``answers.csv`` (``record_id, encoded_pixels, height, width``; the run-length encoding
of ``human_pixel_masks.npy``, top-to-bottom then left-to-right, ``-`` when empty).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

SEED = 0
BANDS = [f"band_{b:02}.npy" for b in range(8, 17)]


def _rle(mask: np.ndarray) -> str:
    """1-indexed start length pairs of a (H, W[, 1]) mask, column-major; '-' when empty."""
    flat = np.asarray(mask).reshape(mask.shape[0], mask.shape[1]).flatten(order="F") == 1
    edges = np.flatnonzero(np.diff(np.concatenate([[False], flat, [False]]).astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    if len(starts) == 0:
        return "-"
    return " ".join(f"{s + 1} {e - s}" for s, e in zip(starts, ends))


def prepare(raw: Path, public: Path, private: Path) -> None:
    train_metadata = json.loads((raw / "train_metadata.json").read_text())
    validation_metadata = json.loads((raw / "validation_metadata.json").read_text())
    new_train, new_test = train_test_split(train_metadata, test_size=len(validation_metadata), random_state=SEED)

    rows = []
    for record in new_test:
        rid = record["record_id"]
        folder = raw / "train" / rid
        height, width, _ = np.load(folder / "band_08.npy", mmap_mode="r").shape
        rows.append({"record_id": rid, "encoded_pixels": _rle(np.load(folder / "human_pixel_masks.npy")),
                     "height": height, "width": width})
    answers = pd.DataFrame(rows, columns=["record_id", "encoded_pixels", "height", "width"])

    for split, records, names in (("train", new_train, BANDS + ["human_individual_masks.npy", "human_pixel_masks.npy"]),
                                  ("test", new_test, BANDS)):
        for record in records:
            rid = record["record_id"]
            (public / split / rid).mkdir(parents=True, exist_ok=True)
            for name in names:
                shutil.copyfile(raw / "train" / rid / name, public / split / rid / name)

    if (raw / "validation").is_dir():
        shutil.copytree(raw / "validation", public / "validation", dirs_exist_ok=True)
    else:
        (public / "validation").mkdir(exist_ok=True)
    shutil.copyfile(raw / "validation_metadata.json", public / "validation_metadata.json")
    (public / "train_metadata.json").write_text(json.dumps(new_train))

    answers.to_csv(private / "answers.csv", index=False)
    sample = answers.copy()
    random.seed(SEED)
    sample["encoded_pixels"] = [random.choice(["1 3 10 5", "-"]) for _ in range(len(sample))]
    sample.to_csv(public / "sample_submission.csv", index=False)

    assert len(new_train) + len(new_test) == len(train_metadata)
    assert len(list((public / "test").rglob("band_*.npy"))) == 9 * len(new_test)
    assert not list((public / "test").rglob("human_*.npy"))
    assert len(list((public / "train").rglob("human_pixel_masks.npy"))) == len(new_train)
