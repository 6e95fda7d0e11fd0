"""v1's recipe: Kaggle's labelled train.json is split with the test share of Kaggle's own split.

The test fraction is len(test.json) / (len(train.json) + len(test.json)) and the split uses
random_state=0. Test requests keep only the fields Kaggle's test.json has. Files are written as
v1 writes them (JSON with indent 4, plus zipped copies ``train.zip`` and ``test.zip``).

``prepare_split`` takes the fields to hide from the public files; version 1 hides none, so the
leaky ``giver_username_if_known`` stays (see config.yaml's known_issues and the -v2 folder).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ID, TARGET = "request_id", "requester_received_pizza"


def _load(path: Path) -> list[dict]:
    with open(path) as f:
        return json.load(f)


def _write_json(rows: list[dict], public: Path, stem: str) -> None:
    with open(public / f"{stem}.json", "w") as f:
        json.dump(rows, f, indent=4)
    shutil.make_archive(str(public / stem), "zip", public, f"{stem}.json")


def prepare_split(raw: Path, public: Path, private: Path, *, hidden_fields: Collection[str] = ()) -> None:
    old_train, old_test = _load(raw / "train.json"), _load(raw / "test.json")
    test_fields = [k for k in old_test[0] if k not in hidden_fields]
    for name, rows in (("train.json", old_train), ("test.json", old_test)):
        if any(set(r) != set(rows[0]) for r in rows):
            raise ValueError(f"{name}: requests do not all have the same fields")

    test_ratio = len(old_test) / (len(old_train) + len(old_test))
    new_train, new_test = train_test_split(old_train, test_size=test_ratio, random_state=0)

    public_train = [{k: v for k, v in r.items() if k not in hidden_fields} for r in new_train]
    public_test = [{k: r[k] for k in test_fields} for r in new_test]
    _write_json(public_train, public, "train")
    _write_json(public_test, public, "test")

    answers = pd.DataFrame({ID: [r[ID] for r in new_test], TARGET: [int(r[TARGET]) for r in new_test]})
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(**{TARGET: 0}).to_csv(public / "sampleSubmission.csv", index=False)


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_split(raw, public, private)
