"""v1's recipe: the labelled clips span four days; the first two become the new training set and
the last two the test set. Within each, clips are sorted by name (time) and renumbered: training
clips keep ``..._TRAIN<idx>_<label>.wav``, test clips become ``<stamp>_Test<idx>.wav`` (the label
dropped). Public ``train2.zip``, ``test2.zip`` and ``sampleSubmission.csv`` (probability 0);
private ``test.csv`` (``clip,probability`` with the 0/1 label)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from mlebench.offline.common import write_csv, write_zip


def split(names: list[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(raw name, new name)`` pairs of the training and the test clips, each in time order."""
    days = sorted({n.split("_")[0] for n in names})
    assert len(days) == 4, f"expected 4 days of labelled clips, found {len(days)}"
    train = sorted(n for n in names if n.split("_")[0] in days[:2])
    test = sorted(n for n in names if n.split("_")[0] in days[2:])
    return ([(n, re.sub(r"TRAIN[0-9]+", f"TRAIN{k}", n)) for k, n in enumerate(train)],
            [(n, n.split("TRAIN")[0] + f"Test{k}.wav") for k, n in enumerate(test)])


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "train2.zip") as z:
        clips = {Path(n).name: z.read(n) for n in z.namelist() if n.endswith(".wav")}
    train, test = split(list(clips))
    write_zip(public / "train2.zip", [(f"train2/{new}", clips[old]) for old, new in train])
    write_zip(public / "test2.zip", [(f"test2/{new}", clips[old]) for old, new in test])
    answers = pd.DataFrame({"clip": [new for _, new in test],
                            "probability": [int(Path(old).stem.endswith("_1")) for old, _ in test]})
    write_csv(answers, private / "test.csv")
    write_csv(answers.assign(probability=0), public / "sampleSubmission.csv")
