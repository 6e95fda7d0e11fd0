"""Raw files laid out like Kaggle's multi-modal-gesture-recognition download (tiny and synthetic).

``training.csv`` (Id: four digits, Sequence: gesture numbers 1-20 separated by spaces) for the
samples of ``training1.tar.gz`` ... ``training4.tar.gz``; each archive holds ``SampleNNNN.zip``
files with ``SampleNNNN_data.mat`` (MATLAB struct ``Video``: NumFrames, FrameRate, MaxDepth and,
in training samples, ``Labels``: Name, Begin, End per gesture) and ``SampleNNNN_audio.wav``
(the colour, depth and user-mask videos are left out: nothing opens them).
``validation1-3.tar.gz`` hold unlabelled samples; ``devel01-40.7z`` and
``valid_all_files_combined.7z`` are empty 7-Zip archives and ``sample_code_mmrgc.zip`` a small
zip, copied as they are.
"""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import wave
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.io import savemat

NAMES = ["vattene", "vieniqui", "perfetto", "furbo", "cheduepalle", "chevuoi", "daccordo", "seipazzo",
         "combinato", "freganiente", "ok", "cosatifarei", "basta", "prendere", "noncenepiu", "fame",
         "tantotempo", "buonissimo", "messidaccordo", "sonostufo"]
ARCHIVES = {"training1": range(1, 4), "training2": range(4, 7), "training3": range(7, 10),
            "training4": range(10, 15), "validation1": range(410, 412), "validation2": range(412, 414),
            "validation3": range(414, 416)}
EMPTY_7Z = b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(bytes(20))) + bytes(20)


def mat_bytes(frames: int, labels: list[tuple[int, int, int]] | None) -> bytes:
    video = {"NumFrames": frames, "FrameRate": 20, "MaxDepth": 3400}
    if labels is not None:
        rec = np.empty((1, len(labels)), dtype=[("Name", "O"), ("Begin", "O"), ("End", "O")])
        for k, (g, b, e) in enumerate(labels):
            rec[0, k] = (NAMES[g - 1], b, e)
        video["Labels"] = rec
    buf = io.BytesIO()
    savemat(buf, {"Video": video})
    return buf.getvalue()


def _wav(rng) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(rng.integers(-500, 500, size=80, dtype=np.int16).astype("<i2").tobytes())
    return buf.getvalue()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), 1370000000
    tar.addfile(info, io.BytesIO(data))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(97)
    rows = []
    for archive, ids in ARCHIVES.items():
        with open(raw / f"{archive}.tar.gz", "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz, \
                tarfile.open(fileobj=gz, mode="w") as tar:
            for i in ids:
                sample = f"Sample{i:05d}"
                labels = None
                if archive.startswith("training"):
                    gestures = rng.choice(np.arange(1, 21), size=int(rng.integers(3, 7)), replace=False)
                    starts = np.sort(rng.choice(np.arange(1, 900, 60), size=len(gestures), replace=False))
                    labels = [(int(g), int(s), int(s + 40)) for g, s in zip(gestures, starts)]
                    rows.append((f"{i:04d}", " ".join(str(g) for g, _, _ in labels)))
                inner = io.BytesIO()
                with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
                    zf.writestr(f"{sample}_audio.wav", _wav(rng))
                    zf.writestr(f"{sample}_data.mat", mat_bytes(1000, labels))
                _add(tar, f"{sample}.zip", inner.getvalue())
    pd.DataFrame(rows, columns=["Id", "Sequence"]).to_csv(raw / "training.csv", index=False)
    (raw / "devel01-40.7z").write_bytes(EMPTY_7Z)
    (raw / "valid_all_files_combined.7z").write_bytes(EMPTY_7Z)
    with zipfile.ZipFile(raw / "sample_code_mmrgc.zip", "w") as zf:
        zf.writestr("sample_code_mmrgc/README.txt", "Sample code for the ChaLearn gesture challenge.\n")
