"""v1's recipe: Kaggle's training images are split 90/10 (``train_test_split(test_size=0.1,
random_state=0)`` on the unique ``image_id`` values of ``train.csv``, in order of appearance).

Public: ``train.csv`` (the training images' rows, as Kaggle's), the DICOM files ``train/`` and
``test/`` (``<image_id>.dicom``) and ``sample_submission.csv`` (the test ids in the split's order,
every PredictionString ``14 1 0 0 1 1``: "No finding"). Private: ``answers.csv`` (the test images'
annotations with one box per image and class, v1's stand-in for the radiologists' consensus: the
first non-blank value of each column among the image's rows of that class, sorted by image_id and
class_id; "No finding" becomes the box ``0 0 1 1``, other blanks 0) and ``gold_submission.csv``
(those boxes as a submission, confidence 1.0). v1 also asserted Kaggle's sizes (13,500 / 1,500
images), which a smaller download cannot meet; the split itself is the same.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.1, 0
COLUMNS = ["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"]
NO_FINDING = 14


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if list(labelled.columns) != COLUMNS:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected {COLUMNS}")
    unique_ids = labelled["image_id"].unique().to_numpy(dtype=object)  # pandas 3: an Arrow array, which sklearn cannot index
    train_ids, test_ids = train_test_split(unique_ids, test_size=TEST_SIZE, random_state=SEED)
    train = labelled[labelled["image_id"].isin(train_ids)]
    test = labelled[labelled["image_id"].isin(test_ids)]
    assert len(train) + len(test) == len(labelled)

    answers = test.groupby(["image_id", "class_id"]).first().reset_index().fillna(0)
    answers.loc[answers["class_id"] == NO_FINDING, ["x_max", "y_max"]] = 1.0
    boxes = (answers["class_id"].astype(str) + " 1.0 " + answers["x_min"].astype(str) + " " + answers["y_min"].astype(str)
             + " " + answers["x_max"].astype(str) + " " + answers["y_max"].astype(str))
    gold = boxes.groupby(answers["image_id"]).agg(" ".join).rename("PredictionString").reset_index()

    train.to_csv(public / "train.csv", index=False)
    pd.DataFrame({"image_id": test_ids, "PredictionString": "14 1 0 0 1 1"}).to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
    gold.to_csv(private / "gold_submission.csv", index=False)

    with tempfile.TemporaryDirectory() as tmp:
        source = raw_folder(raw, "train", Path(tmp))
        for folder, ids in (("train", train_ids), ("test", test_ids)):
            (public / folder).mkdir(exist_ok=True)
            for image_id in ids:
                shutil.copyfile(source / f"{image_id}.dicom", public / folder / f"{image_id}.dicom")
            copied = sum(1 for _ in (public / folder).glob("*.dicom"))
            assert copied == len(ids), f"expected {len(ids)} images in {folder}/, found {copied}"
