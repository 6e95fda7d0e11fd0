"""v1's recipe: Kaggle's training batches are split 90/10 (``train_test_split`` of the batch ids in
order of appearance in ``train_meta.parquet``, random_state=0); the held-out batches are the test set.

Public: ``train_meta.parquet`` and ``test_meta.parquet`` (the latter without azimuth and zenith),
``train/batch_<n>.parquet`` and ``test/batch_<n>.parquet`` (Kaggle's pulse files, copied),
``sensor_geometry.csv`` and ``sample_submission.csv`` (event_id, azimuth 1, zenith 1). Private:
``test.csv`` (event_id, azimuth, zenith).

The metadata (about 130 million events) is streamed by record batches, never loaded whole. v1 wrote
the parquet files with fastparquet, whose bytes depend on its version (v1 issue #58); they are
written here with pyarrow, with the same rows, columns and types.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.1
SEED = 0
TARGETS = ["azimuth", "zenith"]
ROWS = 1 << 20


def _batch_ids(meta: pq.ParquetFile) -> np.ndarray:
    """Unique batch ids in order of first appearance."""
    seen: dict[int, None] = {}
    for batch in meta.iter_batches(batch_size=ROWS, columns=["batch_id"]):
        seen.update(dict.fromkeys(pc.unique(batch.column(0)).to_pylist()))
    return np.array(list(seen), dtype=np.int64)


def prepare(raw: Path, public: Path, private: Path) -> None:
    meta = pq.ParquetFile(raw / "train_meta.parquet")
    batch_ids = _batch_ids(meta)
    train_ids, test_ids = train_test_split(batch_ids, test_size=TEST_SIZE, random_state=SEED)
    test_set = pa.array(test_ids, type=pa.int64())

    schema = meta.schema_arrow
    test_schema = pa.schema([f for f in schema if f.name not in TARGETS])
    n_train = n_test = 0
    with pq.ParquetWriter(public / "train_meta.parquet", schema) as train_out, \
            pq.ParquetWriter(public / "test_meta.parquet", test_schema) as test_out, \
            open(private / "test.csv", "w") as answers, open(public / "sample_submission.csv", "w") as sample:
        for i, batch in enumerate(meta.iter_batches(batch_size=ROWS)):
            table = pa.Table.from_batches([batch])
            in_test = pc.is_in(pc.cast(table.column("batch_id"), pa.int64()), value_set=test_set)
            train, test = table.filter(pc.invert(in_test)), table.filter(in_test)
            train_out.write_table(train)
            test_out.write_table(test.drop_columns(TARGETS))
            frame = test.select(["event_id", *TARGETS]).to_pandas()
            frame.to_csv(answers, index=False, header=i == 0, lineterminator="\n")
            frame.assign(azimuth=1, zenith=1).to_csv(sample, index=False, header=i == 0, lineterminator="\n")
            n_train, n_test = n_train + train.num_rows, n_test + test.num_rows
    assert n_train + n_test == meta.metadata.num_rows

    shutil.copy(raw / "sensor_geometry.csv", public / "sensor_geometry.csv")
    train_set, test_ids_set = {int(b) for b in train_ids}, {int(b) for b in test_ids}
    (public / "train").mkdir(exist_ok=True)
    (public / "test").mkdir(exist_ok=True)
    for batch_file in sorted((raw / "train").glob("*.parquet")):
        batch = int(batch_file.stem.split("_")[-1])  # batch_12.parquet -> 12
        if batch in train_set:
            shutil.copy(batch_file, public / "train" / batch_file.name)
        elif batch in test_ids_set:
            shutil.copy(batch_file, public / "test" / batch_file.name)
    assert len(list((public / "train").glob("*.parquet"))) == len(train_set)
    assert len(list((public / "test").glob("*.parquet"))) == len(test_ids_set)
