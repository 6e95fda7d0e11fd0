"""v1's recipe: Kaggle's labelled clips (``train2.zip``) span four days; the first two days become
the new training set and the last two the test set.

Training clips keep their name with the index renumbered in time order
(``<date>_<time>_<offset>_TRAIN<i>_<label>.aif``); test clips lose the label and are renamed
``<date>_<time>_<offset>_Test<i>.aif``. Both sets are shipped zipped, as on Kaggle.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd


def _zip_folder(files: list[tuple[Path, str]], dest: Path, folder: str) -> None:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{folder}/", b"")
        for src, name in files:
            zf.write(src, arcname=f"{folder}/{name}")


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory(dir=public.parent) as tmp:
        with zipfile.ZipFile(raw / "train2.zip") as zf:
            zf.extractall(tmp)
        clips = sorted(p for p in (Path(tmp) / "train2").iterdir() if p.suffix == ".aif")
        days = sorted({p.name.split("_")[0] for p in clips})
        if len(days) != 4:
            raise ValueError(f"expected the labelled clips to span 4 days, found {len(days)}: {days}")
        train = [p for p in clips if p.name.split("_")[0] in days[:2]]
        test = [p for p in clips if p.name.split("_")[0] in days[2:]]

        train_files = [(p, re.sub(r"TRAIN\d+", f"TRAIN{i}", p.name)) for i, p in enumerate(train)]
        test_files = [(p, p.name.split("TRAIN")[0] + f"Test{i}.aif") for i, p in enumerate(test)]
        _zip_folder(train_files, public / "train2.zip", "train2")
        _zip_folder(test_files, public / "test2.zip", "test2")

    answers = pd.DataFrame(
        {"clip": [name for _, name in test_files], "probability": [int(p.stem.endswith("_1")) for p, _ in test_files]}
    )
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(probability=0).to_csv(public / "sampleSubmission.csv", index=False)
