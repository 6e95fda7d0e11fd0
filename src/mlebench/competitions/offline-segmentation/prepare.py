"""v1's recipe, with a larger test share: the 320 labelled tiles of train.csv are split 50/50
(``random_state=0``; v1 takes 12/3 of 15 large slides, each scored over thousands of glomeruli: 160
small test tiles keep the mean Dice's standard error near 0.01). Public: ``train.csv``
(``id,encoding``), the dataset information of the labelled images, ``train/`` with each image's
TIFF and both JSON files, ``test/`` with the TIFF and the cortex outline only,
``sample_submission.csv`` (``id,predicted``, empty masks; also copied into ``test/`` as v1 does).
Private: ``test.csv`` (``id,encoding,width_pixels,height_pixels``) and ``gold_submission.csv``.
Unlike v1 (known issue #98), the glomerulus outlines ``<id>.json`` of test images are NOT copied
into the public test folder: they are the answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from mlebench.offline.common import split, write_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv", keep_default_na=False)
    info = pd.read_csv(raw / "HuBMAP-20-dataset_information.csv")
    train, test = split(labelled, test_size=0.5)
    ids = info["image_file"].str.removesuffix(".tiff")
    write_csv(info[ids.isin(labelled["id"])], public / "HuBMAP-20-dataset_information.csv")
    write_csv(train, public / "train.csv")
    sizes = pd.DataFrame({"id": ids, "width_pixels": info["width_pixels"], "height_pixels": info["height_pixels"]})
    write_csv(test.merge(sizes, on="id", how="left"), private / "test.csv")
    sample = pd.DataFrame({"id": test["id"], "predicted": ""})
    write_csv(sample, public / "sample_submission.csv")
    write_csv(pd.DataFrame({"id": test["id"], "predicted": test["encoding"]}), private / "gold_submission.csv")
    for folder, frame, files in (("train", train, ("{}.tiff", "{}.json", "{}-anatomical-structure.json")),
                                 ("test", test, ("{}.tiff", "{}-anatomical-structure.json"))):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for i in frame["id"]:
            for f in files:
                shutil.copyfile(raw / "train" / f.format(i), public / folder / f.format(i))
    shutil.copyfile(public / "sample_submission.csv", public / "test" / "sample_submission.csv")
