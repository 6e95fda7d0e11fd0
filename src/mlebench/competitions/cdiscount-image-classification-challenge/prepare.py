"""v1's recipe: a tenth of Kaggle's labelled products (``train.bson``) become the test set.

The products are split by their position in ``train.bson`` with
``train_test_split(test_size=0.1, random_state=0)`` (what v1 does on a table of ``_id`` and
``category_id`` read in file order). Public: ``train.bson`` (the train products, in file order),
``test.bson`` (the test products, in file order, without ``category_id``),
``train_example.bson`` (the first 100 products of the new ``train.bson``),
``category_names.csv`` (Kaggle's, as is) and ``sample_submission.csv`` (``_id, category_id``,
every category 1000010653). Private: ``answers.csv`` (``_id, category_id``, sorted by ``_id``).
Every document is decoded and re-encoded with pymongo's ``bson``, as v1 writes them, so the
prepared files are byte for byte v1's.

Kaggle's ``train.bson`` is 58 GB: it is never loaded. A first pass only counts its documents
(reading each 4-byte length prefix and seeking over the body); a second pass reads one document
at a time and appends it to the output it belongs to. Memory stays at a few bytes per product.
Kaggle's own ``test.bson`` (unlabelled), ``train_example.bson`` and ``sample_submission.csv`` are
not used.
"""

from __future__ import annotations

import logging
import os
import shutil
from array import array
from collections.abc import Iterator
from pathlib import Path

import bson
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

log = logging.getLogger(__name__)

TEST_SIZE, SEED = 0.1, 0
SAMPLE_CATEGORY = 1000010653
N_EXAMPLE = 100
PROGRESS_EVERY = 250_000


def count_documents(path: Path) -> int:
    """The number of BSON documents in ``path``, read from their length prefixes only."""
    n, end = 0, path.stat().st_size
    with open(path, "rb") as f:
        while header := f.read(4):
            size = int.from_bytes(header, "little")
            if len(header) < 4 or size < 5:
                raise ValueError(f"{path.name}: corrupt BSON document #{n} (length {size})")
            if f.seek(size - 4, os.SEEK_CUR) > end:
                raise ValueError(f"{path.name}: truncated in document #{n}")
            n += 1
    return n


def iter_documents(path: Path) -> Iterator[bytes]:
    """The raw bytes of each BSON document of ``path``, one at a time."""
    with open(path, "rb", buffering=1 << 20) as f:
        while header := f.read(4):
            size = int.from_bytes(header, "little")
            body = f.read(size - 4)
            if len(header) < 4 or size < 5 or len(body) != size - 4:
                raise ValueError(f"{path.name}: truncated or corrupt BSON document")
            yield header + body


def split_positions(n: int) -> np.ndarray:
    """Positions (file order) of the products v1's ``train_test_split`` puts in the test set."""
    _, test = train_test_split(np.arange(n), test_size=TEST_SIZE, random_state=SEED)
    return test


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "train.bson"
    n = count_documents(source)
    is_test = np.zeros(n, dtype=bool)
    is_test[split_positions(n)] = True
    n_test = int(is_test.sum())
    log.info("%s: %d products, %d to the test set", source, n, n_test)

    ids, test_ids, test_categories = array("q"), array("q"), array("q")
    n_train = 0
    with (
        open(public / "train.bson", "wb", buffering=1 << 20) as train_out,
        open(public / "test.bson", "wb", buffering=1 << 20) as test_out,
        open(public / "train_example.bson", "wb") as example_out,
    ):
        for position, data in enumerate(iter_documents(source)):
            if position >= n:
                raise ValueError(f"{source.name} grew while it was being prepared")
            doc = bson.decode(data)
            ids.append(doc["_id"])
            if is_test[position]:
                test_ids.append(doc["_id"])
                test_categories.append(doc["category_id"])
                doc.pop("category_id", None)
                test_out.write(bson.encode(doc))
            else:
                encoded = bson.encode(doc)
                train_out.write(encoded)
                if n_train < N_EXAMPLE:
                    example_out.write(encoded)
                n_train += 1
            if (position + 1) % PROGRESS_EVERY == 0:
                log.info("%s: %d / %d products written", source.name, position + 1, n)

    if len(ids) != n:
        raise ValueError(f"{source.name}: counted {n} documents but read {len(ids)}")
    if len(np.unique(np.frombuffer(ids, dtype=np.int64))) != n:
        raise ValueError(f"{source.name}: product _ids are not unique; v1's id-based split would differ")
    assert n_train + len(test_ids) == n and len(test_ids) == n_test

    answers = pd.DataFrame({"_id": np.frombuffer(test_ids, dtype=np.int64),
                            "category_id": np.frombuffer(test_categories, dtype=np.int64)})
    answers = answers.sort_values("_id")
    answers.to_csv(private / "answers.csv", index=False)
    answers[["_id"]].assign(category_id=SAMPLE_CATEGORY).to_csv(public / "sample_submission.csv", index=False)
    shutil.copyfile(raw / "category_names.csv", public / "category_names.csv")
