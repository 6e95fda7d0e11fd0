"""v1's recipe for icecube-neutrinos-in-deep-ice, on a small download: the batch ids are split 75/25
(``train_test_split``, random_state=0, in order of appearance in ``train_meta.parquet``); the
held-out batches are the test set.

Public: ``train_meta.parquet``, ``test_meta.parquet`` (without azimuth and zenith),
``train/batch_<n>.parquet`` and ``test/batch_<n>.parquet`` (the pulse files, copied),
``sensor_geometry.csv`` and ``sample_submission.csv`` (event_id, azimuth 1, zenith 1). Private:
``test.csv`` (event_id, azimuth, zenith).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sklearn.model_selection import train_test_split

from mlebench.offline.common import SEED, write_csv

TARGETS = ["azimuth", "zenith"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    meta = pd.read_parquet(raw / "train_meta.parquet")
    train_ids, test_ids = train_test_split(meta["batch_id"].unique(), test_size=0.25, random_state=SEED)
    train, test = meta[meta["batch_id"].isin(train_ids)], meta[meta["batch_id"].isin(test_ids)]
    pq.write_table(pa.Table.from_pandas(train, preserve_index=False), public / "train_meta.parquet")
    pq.write_table(pa.Table.from_pandas(test.drop(columns=TARGETS), preserve_index=False), public / "test_meta.parquet")
    write_csv(test[["event_id", *TARGETS]], private / "test.csv", float_format="%.10g")
    write_csv(test[["event_id"]].assign(azimuth=1, zenith=1), public / "sample_submission.csv")
    shutil.copy(raw / "sensor_geometry.csv", public / "sensor_geometry.csv")
    for folder, ids in (("train", train_ids), ("test", test_ids)):
        (public / folder).mkdir(exist_ok=True)
        for batch in sorted(int(b) for b in ids):
            shutil.copy(raw / "train" / f"batch_{batch}.parquet", public / folder / f"batch_{batch}.parquet")
