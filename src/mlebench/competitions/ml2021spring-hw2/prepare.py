"""v1's recipe: Kaggle's labelled frames are split into a new train and test set.

The test share is Kaggle's own (``len(test_11) / (len(train_11) + len(test_11))``, about 0.268)
and the split is scikit-learn's ``train_test_split`` of the row numbers with random_state=0.
Public: ``timit_11/timit_11/{train_11,train_label_11,test_11}.npy`` (the arrays' dtypes kept) and
``sampleSubmission.csv`` (``Id, ClassId``, every class 0). Private: ``answers.csv`` (``Id``
0..n-1 in the order of ``test_11.npy``, ``ClassId``).

The arrays are read memory-mapped and written in chunks, so the 2 GB training array is never
held in memory at once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

SEED = 0
NESTED = Path("timit_11") / "timit_11"
CHUNK_ROWS = 1 << 16


def _take(src: np.ndarray, rows: np.ndarray, dest: Path) -> None:
    """``np.save(dest, src[rows])`` without materialising the selection in memory."""
    out = np.lib.format.open_memmap(dest, mode="w+", dtype=src.dtype, shape=(len(rows), *src.shape[1:]))
    for start in range(0, len(rows), CHUNK_ROWS):
        out[start:start + CHUNK_ROWS] = src[rows[start:start + CHUNK_ROWS]]
    out.flush()
    del out


def prepare(raw: Path, public: Path, private: Path) -> None:
    features = np.load(raw / NESTED / "train_11.npy", mmap_mode="r")
    labels = np.load(raw / NESTED / "train_label_11.npy")
    n_kaggle_test = len(np.load(raw / NESTED / "test_11.npy", mmap_mode="r"))
    if len(labels) != len(features):
        raise ValueError(f"train_11.npy has {len(features)} rows but train_label_11.npy {len(labels)}")

    test_share = n_kaggle_test / (len(features) + n_kaggle_test)
    train_rows, test_rows = train_test_split(range(len(features)), test_size=test_share, random_state=SEED)
    train_rows, test_rows = np.asarray(train_rows, dtype=np.int64), np.asarray(test_rows, dtype=np.int64)

    (public / NESTED).mkdir(parents=True, exist_ok=True)
    _take(features, train_rows, public / NESTED / "train_11.npy")
    np.save(public / NESTED / "train_label_11.npy", labels[train_rows])
    _take(features, test_rows, public / NESTED / "test_11.npy")

    answers = pd.DataFrame({"Id": range(len(test_rows)), "ClassId": labels[test_rows]})
    answers.assign(ClassId=0).to_csv(public / "sampleSubmission.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
    assert len(train_rows) + len(test_rows) == len(features)
