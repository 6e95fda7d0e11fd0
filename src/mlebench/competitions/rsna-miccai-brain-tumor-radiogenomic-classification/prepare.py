"""v1's recipe: Kaggle's labelled cases are split 90/10 (``train_test_split(test_size=0.1,
random_state=0)`` on the rows of ``train_labels.csv``, ids read as text so that their zero padding
stays).

Public: ``train_labels.csv`` (``BraTS21ID, MGMT_value``; the training rows in the split's order),
the DICOM slices in ``train/`` and ``test/`` (whole case folders
``<BraTS21ID>/<FLAIR|T1w|T1wCE|T2w>/Image-<n>.dcm``) and ``sample_submission.csv`` (the test ids in
the split's order, ``MGMT_value`` 0.5). Private: ``test.csv`` (``BraTS21ID, MGMT_value``). Kaggle's
own unlabelled ``test/`` is not used.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train_labels.csv", dtype={"BraTS21ID": str, "MGMT_value": int})
    if list(labelled.columns) != ["BraTS21ID", "MGMT_value"]:
        raise ValueError(f"Kaggle's train_labels.csv has columns {list(labelled.columns)}, expected BraTS21ID, MGMT_value")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    with tempfile.TemporaryDirectory() as tmp:
        source = raw_folder(raw, "train", Path(tmp))
        for folder, rows in (("train", train), ("test", test)):
            (public / folder).mkdir(exist_ok=True)
            for case in rows["BraTS21ID"]:
                shutil.copytree(source / case, public / folder / case, dirs_exist_ok=True)
            copied = sum(1 for _ in (public / folder).iterdir())
            assert copied == len(rows), f"expected {len(rows)} case folders in {folder}/, found {copied}"

    train.to_csv(public / "train_labels.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.assign(MGMT_value=0.5).to_csv(public / "sample_submission.csv", index=False)
