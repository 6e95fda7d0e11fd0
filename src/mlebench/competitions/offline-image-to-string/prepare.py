"""v1's recipe for bms-molecular-translation: the labelled images are split 80/20
(``train_test_split(test_size=0.2, random_state=0)`` on the rows of ``train_labels.csv``).

Public: ``train_labels.csv`` (image_id, InChI; the training rows in the split's order),
``sample_submission.csv`` (the test ids in the split's order, every InChI ``BCD``),
``extra_approved_InChIs.csv`` (copied) and the PNGs in ``train/`` and ``test/``, both in the
three-level layout ``<c0>/<c1>/<c2>/<image_id>.png``. Private: ``test.csv`` (image_id, InChI).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv


def _copy(raw: Path, ids, target: Path) -> None:
    for image_id in ids:
        rel = Path(image_id[0], image_id[1], image_id[2], f"{image_id}.png")
        (target / rel.parent).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw / "train" / rel, target / rel)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = pd.read_csv(raw / "train_labels.csv", dtype=str)
    train, test = split(labels, test_size=0.2)
    write_csv(train, public / "train_labels.csv")
    write_csv(test, private / "test.csv")
    write_csv(test[["image_id"]].assign(InChI="BCD"), public / "sample_submission.csv")
    shutil.copyfile(raw / "extra_approved_InChIs.csv", public / "extra_approved_InChIs.csv")
    _copy(raw, train["image_id"], public / "train")
    _copy(raw, test["image_id"], public / "test")
