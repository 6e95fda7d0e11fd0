"""v1's recipe: 20,000 of Kaggle's training notebooks become the test set, chosen by ancestry.

``train_ancestors.csv`` is shuffled (``sample(frac=1, random_state=0)``); notebooks are grouped by
``ancestor_id`` in order of first appearance, and whole groups are taken into the test set, one
after another, whenever they still fit in the 20,000 (so no test notebook has a relative in train).
Downloads of fewer than 40,000 notebooks (test fixtures, subsets) put a seventh of them in the
test set instead; Kaggle's download (about 140,000 notebooks) gets exactly 20,000.

Public: ``train/<id>.json`` and ``test/<id>.json`` (Kaggle's notebook files, copied),
``train_orders.csv`` and ``train_ancestors.csv`` of the train notebooks, and
``sample_submission.csv`` (each test notebook's cells in the order of its JSON file). Private:
``test_orders.csv`` (id, cell_order).
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

TEST_SIZE = 20_000
SEED = 0


def test_size(n_notebooks: int) -> int:
    return TEST_SIZE if n_notebooks >= 2 * TEST_SIZE else max(1, n_notebooks // 7)


def split_by_ancestor(ancestors: pd.DataFrame, size: int) -> tuple[list[str], list[str]]:
    """Whole ancestor groups, in order of first appearance, go to the test set while they fit."""
    train_ids: list[str] = []
    test_ids: list[str] = []
    for _, group in ancestors.groupby("ancestor_id", sort=False):
        ids = group["id"].tolist()
        if len(test_ids) + len(ids) <= size:
            test_ids.extend(ids)
        else:
            train_ids.extend(ids)
    assert len(test_ids) == size, f"the ancestor groups fill {len(test_ids)} of {size} test notebooks"
    return train_ids, test_ids


def _copy(raw: Path, ids: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: shutil.copy(raw / "train" / f"{i}.json", dest / f"{i}.json"), ids, chunksize=256))


def prepare(raw: Path, public: Path, private: Path) -> None:
    ancestors = pd.read_csv(raw / "train_ancestors.csv").sample(frac=1, random_state=SEED).reset_index(drop=True)
    train_ids, test_ids = split_by_ancestor(ancestors, test_size(len(ancestors)))

    _copy(raw, train_ids, public / "train")
    _copy(raw, test_ids, public / "test")

    orders = pd.read_csv(raw / "train_orders.csv")
    orders[orders["id"].isin(train_ids)].to_csv(public / "train_orders.csv", index=False)
    answers = orders[orders["id"].isin(test_ids)]
    answers.to_csv(private / "test_orders.csv", index=False)
    ancestors[~ancestors["id"].isin(test_ids)].to_csv(public / "train_ancestors.csv", index=False)

    rows = []
    for notebook in answers["id"]:
        cells = json.loads((public / "test" / f"{notebook}.json").read_text())["cell_type"]
        rows.append({"id": notebook, "cell_order": " ".join(cells)})
    pd.DataFrame(rows, columns=["id", "cell_order"]).to_csv(public / "sample_submission.csv", index=False)
    assert len(rows) == len(test_ids)
