"""v1's recipe: 20% of Kaggle's labelled ``train.json`` becomes the test set (random_state=0).

Kaggle's download holds ``train.json.7z`` and ``test.json.7z`` (each ``data/processed/<name>.json``
inside) and ``sample_submission.csv.7z``. Only the labelled records are split; of Kaggle's test
set only the field names (and their order) of its first record are used, for the new test records.

Public: ``train.json.7z`` (``train.json``: the new train records, as in Kaggle's file),
``test.json.7z`` (``test.json``: the new test records without ``is_iceberg``) and
``sample_submission.csv.7z`` (``sample_submission.csv``). Private: ``test.csv`` (``id, is_iceberg``)
and ``sample_submission.csv`` (``id, is_iceberg`` = 0.5). JSON is written as ``json.dump`` writes
it, as in v1, but record by record: train.json is read in one streaming pass (each record's text
kept in a scratch file), so memory holds one record, not the 1,604 records' 18 million values. The archives get a fixed member timestamp, so the same data gives the same bytes.
A download whose ``.7z`` files were already extracted (``data/processed/*.json`` or ``*.json`` in
the raw folder) prepares the same.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import py7zr
from py7zr.io import Py7zIO, WriterFactory
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.2, 0
MTIME = 1_508_457_600  # 2017-10-20: the timestamp given to every member of the archives written here
HEAD_BYTES = 4 << 20  # enough of test.json for its first record (two 75x75 bands as text)


class _Head(Py7zIO):
    """Keeps the first HEAD_BYTES written to it and drops the rest (test.json is 1.5 GB)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, s) -> int:
        room = HEAD_BYTES - len(self.data)
        if room > 0:
            self.data += bytes(s[:room])
        return len(s)

    def read(self, size=None) -> bytes:
        return bytes(self.data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return len(self.data)


class _HeadFactory(WriterFactory):
    def __init__(self) -> None:
        self.heads: dict[str, _Head] = {}

    def create(self, filename: str) -> Py7zIO:
        return self.heads.setdefault(filename, _Head())


def _extracted(raw: Path, name: str) -> Path | None:
    for path in (raw / "data" / "processed" / name, raw / name):
        if path.is_file():
            return path
    return None


def _json_file(raw: Path, name: str, scratch: Path) -> Path:
    """``name`` from the extracted download, else unpacked from ``raw/<name>.7z`` into ``scratch``."""
    found = _extracted(raw, name)
    if found is not None:
        return found
    with py7zr.SevenZipFile(raw / f"{name}.7z") as archive:
        members = [m for m in archive.getnames() if m.split("/")[-1] == name]
        archive.extract(scratch, targets=members)
    return scratch / members[0]


def _first_record_fields(raw: Path, name: str) -> list[str]:
    """The field names of the first record of the JSON array ``name``, reading only its beginning."""
    found = _extracted(raw, name)
    if found is not None:
        with found.open("rb") as f:
            head = f.read(HEAD_BYTES)
    else:
        factory = _HeadFactory()
        with py7zr.SevenZipFile(raw / f"{name}.7z") as archive:
            members = [m for m in archive.getnames() if m.split("/")[-1] == name]
            archive.extract(targets=members, factory=factory)
        head = bytes(factory.heads[members[0]].data)
    text = head.decode("utf-8", errors="ignore")
    record, _ = json.JSONDecoder().raw_decode(text, text.index("{"))
    return list(record)


def iter_records(f, chunk: int = 1 << 20):
    """The objects of the JSON array in text file ``f``, one at a time (never the whole array in memory)."""
    decoder = json.JSONDecoder()
    buf, pos, eof = "", 0, False
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n,[":
            pos += 1
        if pos < len(buf) and buf[pos] == "]":
            return
        if pos < len(buf):
            try:
                record, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                if eof:
                    raise
            else:
                yield record
                pos = end
                continue
        if eof:
            raise ValueError("the JSON array ends early")
        data = f.read(chunk)
        eof = not data
        buf, pos = buf[pos:] + data, 0


def _write_array(path: Path, items) -> None:
    """The bytes ``json.dump(list_of_records, f)`` writes, from the records' own JSON texts."""
    with path.open("w") as f:
        f.write("[")
        for i, text in enumerate(items):
            if i:
                f.write(", ")
            f.write(text)
        f.write("]")


def write_7z(archive: Path, member: Path) -> None:
    """``archive`` holding ``member`` under its own name, with the fixed timestamp (reproducible bytes)."""
    os.utime(member, (MTIME, MTIME))
    with py7zr.SevenZipFile(archive, "w") as z:
        z.write(member, arcname=member.name)


def prepare(raw: Path, public: Path, private: Path) -> None:
    test_fields = _first_record_fields(raw, "test.json")
    with tempfile.TemporaryDirectory(dir=private.parent) as tmp:
        scratch = Path(tmp)
        # one pass over train.json: each record's JSON text (as json.dump writes it) to its own file
        records = scratch / "records"
        records.mkdir()
        ids, labels, fields = [], [], None
        with _json_file(raw, "train.json", scratch / "in").open(encoding="utf-8") as f:
            for i, record in enumerate(iter_records(f)):
                fields = fields or set(record)
                assert set(record) == fields, f"inconsistent fields in train.json record {i}"
                (records / str(i)).write_text(json.dumps(record))
                ids.append(record["id"])
                labels.append(int(record["is_iceberg"]))
        assert set(test_fields) <= fields and "is_iceberg" not in test_fields, f"unexpected test fields {test_fields}"

        # v1 splits the list of records; the same permutation, on their positions
        train, test = train_test_split(list(range(len(ids))), test_size=TEST_SIZE, random_state=SEED)
        assert {ids[i] for i in train}.isdisjoint(ids[i] for i in test), "train and test ids overlap"

        out = scratch / "out"
        out.mkdir()
        _write_array(out / "train.json", ((records / str(i)).read_text() for i in train))
        _write_array(out / "test.json", (
            json.dumps({k: record[k] for k in test_fields})
            for record in (json.loads((records / str(i)).read_text()) for i in test)
        ))

        answers = pd.DataFrame({"id": [ids[i] for i in test], "is_iceberg": [labels[i] for i in test]})
        answers.to_csv(private / "test.csv", index=False)
        answers.assign(is_iceberg=0.5).to_csv(private / "sample_submission.csv", index=False)
        (out / "sample_submission.csv").write_bytes((private / "sample_submission.csv").read_bytes())

        for name in ("train.json", "test.json", "sample_submission.csv"):
            write_7z(public / f"{name}.7z", out / name)
