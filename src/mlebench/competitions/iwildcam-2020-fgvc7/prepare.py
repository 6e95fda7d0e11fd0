"""v1's recipe: a split by camera location.

Kaggle's labelled images (``iwildcam2020_train_annotations.json``) are split by ``location``: the
locations, in order of first appearance, go through ``train_test_split(test_size=0.22,
random_state=0)``; then, while ``n_test / (n_images + n_test)`` is below 0.22, the last train
location moves to test, and while it is above 0.22 the last test location moves back (v1's rule,
denominator included).

Public: ``iwildcam2020_train_annotations.json`` (``annotations``, ``images``, ``categories``,
``info`` of the train locations), ``iwildcam2020_test_information.json`` (``images`` of the test
locations, Kaggle's test ``categories`` and ``info``), ``iwildcam2020_megadetector_results.json``
(Kaggle's, as is), ``train/<id>.jpg``, ``test/<id>.jpg`` and ``sample_submission.csv``
(``Id, Category``; uniform random categories 0-675 from ``np.random.seed(0)``). Private:
``answers.csv`` (``Id, Category``: the test images' annotations in Kaggle's order). Tables go
through pandas as in v1 (records with every column; a key missing from a record reads NaN).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.22, 0
N_SAMPLE_CATEGORIES = 676


def split_locations(images: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """v1's location split and its adjustment loops."""
    locations = images["location"].unique()
    train, test = train_test_split(locations, test_size=TEST_SIZE, random_state=SEED)
    counts = images["location"].value_counts()
    n = len(images)

    def n_test(locs) -> int:
        return int(counts.reindex(locs).fillna(0).sum())

    while n_test(test) / (n + n_test(test)) < TEST_SIZE:
        train, test = train[:-1], np.append(test, train[-1])
    while n_test(test) / (n + n_test(test)) > TEST_SIZE:
        test, train = test[:-1], np.append(train, test[-1])
    return train, test


def prepare(raw: Path, public: Path, private: Path) -> None:
    with open(raw / "iwildcam2020_train_annotations.json") as f:
        train_json = json.load(f)
    with open(raw / "iwildcam2020_test_information.json") as f:
        test_json = json.load(f)
    annotations = pd.DataFrame(train_json["annotations"])
    images = pd.DataFrame(train_json["images"])

    train_locs, test_locs = split_locations(images)
    train_images = images[images["location"].isin(train_locs)]
    test_images = images[images["location"].isin(test_locs)]
    train_ids, test_ids = train_images["id"].unique(), test_images["id"].unique()
    train_annotations = annotations[annotations["image_id"].isin(train_ids)]
    test_annotations = annotations[annotations["image_id"].isin(test_ids)]
    assert len(train_ids) + len(test_ids) == len(images) and len(test_ids) > 0
    assert set(train_images["location"]).isdisjoint(test_images["location"])

    answers = test_annotations[["image_id", "category_id"]].rename(columns={"image_id": "Id", "category_id": "Category"})
    sample = answers.assign(Category=np.random.RandomState(SEED).randint(0, N_SAMPLE_CATEGORIES, size=len(answers)))
    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    new_train = {
        "annotations": train_annotations.to_dict(orient="records"),
        "images": train_images.to_dict(orient="records"),
        "categories": pd.DataFrame(train_json["categories"]).to_dict(orient="records"),
        "info": train_json["info"],
    }
    new_test = {
        "images": test_images.to_dict(orient="records"),
        "categories": pd.DataFrame(test_json["categories"]).to_dict(orient="records"),
        "info": test_json["info"],
    }
    if set(new_train) != set(train_json) or set(new_test) != set(test_json):
        raise ValueError(f"unexpected top-level keys in Kaggle's metadata: {sorted(train_json)}, {sorted(test_json)}")
    with open(public / "iwildcam2020_train_annotations.json", "w") as f:
        json.dump(new_train, f)
    with open(public / "iwildcam2020_test_information.json", "w") as f:
        json.dump(new_test, f)
    shutil.copyfile(raw / "iwildcam2020_megadetector_results.json", public / "iwildcam2020_megadetector_results.json")

    with tempfile.TemporaryDirectory() as tmp:
        source = raw_folder(raw, "train", Path(tmp))
        for folder, ids in (("train", train_ids), ("test", test_ids)):
            (public / folder).mkdir(parents=True, exist_ok=True)
            for image_id in ids:
                shutil.copyfile(source / f"{image_id}.jpg", public / folder / f"{image_id}.jpg")
    assert sum(1 for _ in (public / "test").iterdir()) == len(test_ids)
