"""The labelled images are split 60/40 (``random_state=0``). Public: ``train.csv`` (``id,label``),
``train/<id>.png``, ``test/<id>.png`` and ``sample_submission.csv`` (``id,PredictionString``: a
whole-image ``box`` at confidence 0.5 for every test image). Private: ``test.csv``
(``id,PredictionString``, the test images' labels with confidence 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv

SIDE = 64


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv", keep_default_na=False)
    if list(labelled.columns) != ["id", "label"]:
        raise ValueError(f"train.csv has columns {list(labelled.columns)}, expected id, label")
    train, test = split(labelled, test_size=0.4)
    train, test = train.sort_values("id"), test.sort_values("id")
    write_csv(train, public / "train.csv")
    write_csv(pd.DataFrame({"id": test["id"], "PredictionString": test["label"]}), private / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "PredictionString": f"box 0.5 0 0 {SIDE} {SIDE}"}),
              public / "sample_submission.csv")
    for folder, frame in (("train", train), ("test", test)):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for i in frame["id"]:
            shutil.copyfile(raw / "train" / f"{i}.png", public / folder / f"{i}.png")
