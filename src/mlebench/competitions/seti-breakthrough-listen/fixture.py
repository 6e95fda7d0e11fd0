"""Raw files laid out like Kaggle's seti-breakthrough-listen download (tiny, synthetic).

``train_labels.csv`` (``id, target``; ids of 15 hex digits such as ``0000799a2b2c42d``),
``train/<first id char>/<id>.npy`` (float16 cadence snippets; Kaggle's are (6, 273, 256), here
(6, 4, 8)), ``old_leaky_data/`` (pre-relaunch labels and arrays, with ids of their own) and
Kaggle's unlabelled ``test/`` and ``sample_submission.csv``.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N = 60
SHAPE = (6, 4, 8)


def _ids(rng: np.random.Generator, n: int) -> list[str]:
    return ["".join(rng.choice(list("0123456789abcdef"), 15)) for _ in range(n)]


def _write(folder: Path, file_id: str, array: np.ndarray) -> None:
    (folder / file_id[0]).mkdir(parents=True, exist_ok=True)
    np.save(folder / file_id[0] / f"{file_id}.npy", array)


def _snippet(rng: np.random.Generator, needle: int) -> np.ndarray:
    x = rng.normal(0, 1, SHAPE).astype(np.float16)
    if needle:
        x[0::2, :, 3] += np.float16(4)  # a signal in the "on" observations only
    return x


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(60000)
    ids = _ids(rng, N)
    target = (rng.random(N) < 0.35).astype(int)
    target[:2] = [0, 1]
    pd.DataFrame({"id": ids, "target": target}).to_csv(raw / "train_labels.csv", index=False)
    for file_id, t in zip(ids, target):
        _write(raw / "train", file_id, _snippet(rng, t))
    old = _ids(rng, 6)
    (raw / "old_leaky_data").mkdir()
    pd.DataFrame({"id": old, "target": [0, 1, 0, 0, 1, 0]}).to_csv(raw / "old_leaky_data" / "train_labels_old.csv", index=False)
    for file_id in old:
        _write(raw / "old_leaky_data" / "train_old", file_id, _snippet(rng, 0))
    tests = _ids(rng, 3)
    for file_id in tests:
        _write(raw / "test", file_id, _snippet(rng, 0))
    pd.DataFrame({"id": tests, "target": 0.5}).to_csv(raw / "sample_submission.csv", index=False)
