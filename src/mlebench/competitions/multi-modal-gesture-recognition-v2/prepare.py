"""Version 1's files, except that ``test.tar.gz`` no longer reveals the answers (fixes v1 issue #77).

Each test sample's ``SampleNNNN_data.mat`` is rewritten without the ``Labels`` field of its
``Video`` struct (the other fields are kept as they are); the sample zips and the tar archive are
rebuilt with the original member names, order and timestamps. Everything else is version 1's.
"""

from __future__ import annotations

import copy
import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import numpy as np
from scipy.io import loadmat, savemat

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "multi-modal-gesture-recognition", "prepare")


def without_labels(mat: bytes) -> bytes:
    """A .mat file's variables with ``Labels`` dropped from every struct named ``Video``."""
    variables = {k: v for k, v in loadmat(io.BytesIO(mat)).items() if not k.startswith("__")}
    video = variables.get("Video")
    if video is not None and video.dtype.names and "Labels" in video.dtype.names:
        kept = [n for n in video.dtype.names if n != "Labels"]
        scrubbed = np.empty(video.shape, dtype=[(n, "O") for n in kept])
        for n in kept:
            scrubbed[n] = video[n]
        variables["Video"] = scrubbed
    buf = io.BytesIO()
    savemat(buf, variables)
    # savemat's 116-byte text header names the time of writing ("Created on: ..."): a fixed one, so that
    # preparing twice gives the same bytes
    return _HEADER + buf.getvalue()[len(_HEADER):]


_HEADER = b"MATLAB 5.0 MAT-file, written by mlebench (labels removed)".ljust(116)


def _scrub_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith("_data.mat"):
                content = without_labels(content)
            dst.writestr(info, content, compress_type=info.compress_type)
    return out.getvalue()


def scrub_archive(source: Path, target: Path) -> None:
    """Copy a tar.gz of sample zips with every sample's labels removed, one member at a time."""
    with tarfile.open(source, "r:gz") as src, open(target, "wb") as raw_out, \
            gzip.GzipFile(fileobj=raw_out, mode="wb", mtime=0, filename="") as gz, \
            tarfile.open(fileobj=gz, mode="w", format=src.format) as dst:
        for member in src:
            if not member.isfile():
                dst.addfile(member)
                continue
            data = src.extractfile(member).read()
            if member.name.endswith(".zip"):
                data = _scrub_zip(data)
            info = copy.copy(member)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def prepare(raw: Path, public: Path, private: Path) -> None:
    _v1.prepare(raw, public, private)
    scrub_archive(raw / "training4.tar.gz", public / "test.tar.gz")
