"""v1's recipe: no random split. Kaggle's fourth training archive becomes the test set.

Kaggle's download has labelled ``training1-4.tar.gz`` (``SampleNNNN.zip`` files) with their
gesture sequences in ``training.csv``, unlabelled ``validation1-3.tar.gz`` and a few extra
archives. Public: ``training.csv`` without the samples of ``training4``, ``test.csv`` (their Ids,
the last four digits of the zip names, sorted), ``randomPredictions.csv`` (for each test Id a
random ordering of the gestures 1-20, Python's ``random`` seeded with 0), ``test.tar.gz`` (a copy
of ``training4.tar.gz``), the other training and validation archives, ``devel01-40.7z``,
``valid_all_files_combined.7z`` and ``sample_code_mmrgc.zip`` as they are. Private: ``test.csv``
(Id, Sequence) of the test samples.

The copied test archive still holds each sample's ``_data.mat`` with its ``Video.Labels`` (the
answers; v1 issue #77); multi-modal-gesture-recognition-v2 removes them.
"""

from __future__ import annotations

import random
import shutil
import tarfile
from pathlib import Path

import pandas as pd

COPIED = [
    "training1.tar.gz", "training2.tar.gz", "training3.tar.gz",
    "validation1.tar.gz", "validation2.tar.gz", "validation3.tar.gz",
    "devel01-40.7z", "valid_all_files_combined.7z", "sample_code_mmrgc.zip",
]


def test_ids(archive: Path) -> list[str]:
    """The Ids of the samples in a training archive: ``SampleNNNN.zip`` -> ``NNNN``, sorted."""
    with tarfile.open(archive, "r:gz") as tar:
        names = [Path(m.name) for m in tar if m.isfile() and m.name.endswith(".zip")]
    return sorted(n.stem[-4:] for n in names)


def prepare(raw: Path, public: Path, private: Path) -> None:
    ids = test_ids(raw / "training4.tar.gz")
    training = pd.read_csv(raw / "training.csv", dtype={"Id": str, "Sequence": str})
    in_test = training["Id"].isin(ids)
    training[~in_test].to_csv(public / "training.csv", index=False)
    answers = training[in_test]
    assert len(answers) == len(ids), f"{len(ids)} test samples but {len(answers)} rows in training.csv"
    answers.to_csv(private / "test.csv", index=False)
    pd.DataFrame({"Id": ids}).to_csv(public / "test.csv", index=False)

    random.seed(0)
    orders = [" ".join(str(g) for g in random.sample(range(1, 21), 20)) for _ in ids]
    pd.DataFrame({"Id": ids, "Sequence": orders}).to_csv(public / "randomPredictions.csv", index=False)

    shutil.copyfile(raw / "training4.tar.gz", public / "test.tar.gz")
    for name in COPIED:
        shutil.copyfile(raw / name, public / name)
