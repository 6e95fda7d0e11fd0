"""v1's recipe: no new split. Kaggle's files are copied to public as they are; the answers are the
test clips' labels published after the competition (Zenodo's ``FSDKaggle2019.meta``), the rows
marked ``Private``, as a 0/1 matrix over the 80 classes.

Raw: Kaggle's download (``train_curated.csv``, ``train_noisy.csv``, ``sample_submission.csv``,
``train_curated.zip``, ``train_noisy.zip``, ``test.zip``, or their extracted folders) plus
``FSDKaggle2019.meta.zip`` (or its extracted ``FSDKaggle2019.meta/`` folder) from Zenodo.
Public: everything of Kaggle's download. Private: ``test.csv`` (fname, the 80 classes).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import yaml

from mlebench.errors import MLEBenchError

CLASSES: list[str] = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]
META = "FSDKaggle2019.meta"
META_URL = "https://zenodo.org/records/3612637/files/FSDKaggle2019.meta.zip?download=1"


def _test_labels(raw: Path) -> pd.DataFrame:
    if (raw / META / "test_post_competition.csv").is_file():
        return pd.read_csv(raw / META / "test_post_competition.csv")
    if not (raw / f"{META}.zip").is_file():
        raise MLEBenchError(
            f"freesound-audio-tagging-2019: the test labels are not part of Kaggle's download; download "
            f"{META_URL} and put {META}.zip (or its extracted {META}/ folder) into {raw}"
        )
    with zipfile.ZipFile(raw / f"{META}.zip") as zf:
        name = next(n for n in zf.namelist() if n.endswith("test_post_competition.csv"))
        return pd.read_csv(io.BytesIO(zf.read(name)))


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = _test_labels(raw)
    for item in sorted(raw.iterdir()):
        if META in item.name:
            continue
        if item.is_dir():
            shutil.copytree(item, public / item.name)
        else:
            shutil.copy(item, public / item.name)

    test = labels[labels["usage"] == "Private"]
    tags = test["labels"].str.split(",")
    answers = pd.DataFrame(
        [[name] + [int(c in row) for c in CLASSES] for name, row in zip(test["fname"], tags)],
        columns=["fname", *CLASSES],
    )
    answers.to_csv(private / "test.csv", index=False)

    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["fname", *CLASSES], "Kaggle's sample submission has other classes"
    assert sorted(sample["fname"]) == sorted(answers["fname"]), "the sample's clips are not the Private test clips"
