"""Reading the ids out of TFRecord files without TensorFlow.

A TFRecord file is a sequence of records: an 8-byte little-endian length, a 4-byte CRC of it, the
payload, a 4-byte CRC of the payload. Each payload here is a serialised ``tf.train.Example``
protobuf; we decode just enough of the wire format to read one bytes feature.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path


def iter_records(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while header := f.read(12):
            if len(header) < 12:
                raise ValueError(f"{path}: truncated record header")
            (length,) = struct.unpack("<Q", header[:8])
            data = f.read(length)
            if len(data) < length or len(f.read(4)) < 4:
                raise ValueError(f"{path}: truncated record")
            yield data


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _fields(buf: bytes) -> Iterator[tuple[int, int, bytes | int]]:
    """(field number, wire type, value) of one protobuf message; length-delimited values as bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos : pos + 8], pos + 8
        elif wire == 2:
            n, pos = _varint(buf, pos)
            value, pos = buf[pos : pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


def example_bytes_feature(example: bytes, name: str) -> bytes | None:
    """The first value of the bytes feature ``name`` of a serialised tf.train.Example."""
    for n, _, features in _fields(example):  # Example.features = 1
        if n != 1:
            continue
        for m, _, entry in _fields(features):  # Features.feature = 1 (map entries)
            if m != 1:
                continue
            fields = {k: v for k, _, v in _fields(entry)}  # key = 1, value = 2
            if fields.get(1) != name.encode():
                continue
            for f, _, bytes_list in _fields(fields.get(2, b"")):  # Feature.bytes_list = 1
                if f == 1:
                    for v, _, value in _fields(bytes_list):  # BytesList.value = 1
                        if v == 1:
                            return value
    return None


def ids_from_tfrecord(path: Path, feature: str = "image_name") -> list[str]:
    ids = []
    for record in iter_records(path):
        value = example_bytes_feature(record, feature)
        if value is None:
            raise ValueError(f"{path}: a record has no bytes feature '{feature}'")
        ids.append(value.decode("utf-8"))
    return ids
