"""Classification/regression of image or audio files: simple hand-made features, then the table models."""

from __future__ import annotations

import io
import re
import struct
import time
import wave
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from common import Budget, Submitter, list_files, log, read_table
from tables import build_targets, fill
from tabular import display_metric, fit_target

IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
AUDIO_EXT = {".wav", ".aif", ".aiff", ".aifc"}


def file_index() -> dict[str, tuple[Path, str | None]]:
    """name and stem -> (file or zip, member); later duplicates never override earlier ones."""
    index: dict[str, tuple[Path, str | None]] = {}

    def add(name: str, ref):
        base = name.rsplit("/", 1)[-1]
        stem = base.rsplit(".", 1)[0]
        for key in (name, base, stem):
            index.setdefault(key, ref)

    for p in list_files():
        ext = p.suffix.lower()
        if ext in IMAGE_EXT | AUDIO_EXT:
            add(str(p.relative_to(p.parents[len(p.parents) - 1]) if False else p.name), (p, None))
            add(f"{p.parent.name}/{p.name}", (p, None))
        elif ext == ".zip":
            try:
                with zipfile.ZipFile(p) as z:
                    for m in z.namelist():
                        if Path(m).suffix.lower() in IMAGE_EXT | AUDIO_EXT:
                            add(m, (p, m))
            except zipfile.BadZipFile:
                continue
    return index


def read_bytes(ref, zips: dict) -> bytes:
    path, member = ref
    if member is None:
        return path.read_bytes()
    if path not in zips:
        zips[path] = zipfile.ZipFile(path)
    return zips[path].read(member)


def find(sample: pd.DataFrame):
    id_col = sample.columns[0]
    index = file_index()
    if not index:
        return None
    ids = sample[id_col].astype(str)
    if ids.map(lambda i: i in index).mean() < 0.95:
        return None
    for p in sorted(list_files(), key=lambda p: ("train" not in p.name.lower(), str(p))):
        if p.suffix.lower() not in (".csv", ".parquet") or "sample" in p.name.lower():
            continue
        df = read_table(p)
        key = id_col if id_col in df.columns else df.columns[0]
        names = df[key].astype(str)
        if names.map(lambda i: i in index).mean() < 0.9 or names.isin(set(ids)).mean() > 0.5:
            continue
        label = ""
        if not set(sample.columns[1:]) <= set(df.columns):
            targets = {str(t) for t in sample.columns[1:]}
            label = next((c for c in df.columns if c != key and df[c].dtype.kind != "f"
                          and 2 <= df[c].astype(str).nunique() and set(df[c].astype(str).unique()) <= targets), "")
            if not label:
                continue
        return df.rename(columns={key: id_col}), index, label
    # no label table: labels in the training file names, e.g. ``..._TRAIN12_1.wav`` (v1's whale clips)
    if len(sample.columns) == 2:
        rows = [(k, int(m.group(1))) for k in index if "/" in k and k not in set(ids)
                and "train" in k.lower() and (m := re.search(r"_(\d)\.\w+$", k))]
        if len({y for _, y in rows}) >= 2:
            log(f"labels taken from {len(rows)} training file names")
            return pd.DataFrame(rows, columns=[id_col, sample.columns[1]]), index, ""
    return None


def image_features(data: bytes) -> np.ndarray:
    from PIL import Image

    im = Image.open(io.BytesIO(data)).convert("RGB")
    small = np.asarray(im.resize((32, 32)), dtype=np.float32) / 255.0
    tiny = np.asarray(im.resize((8, 8)), dtype=np.float32).ravel() / 255.0
    hsv = np.asarray(im.resize((32, 32)).convert("HSV"), dtype=np.float32) / 255.0
    feats = [tiny]
    for img in (small, hsv):
        for c in range(3):
            ch = img[..., c]
            feats.append(np.histogram(ch, bins=12, range=(0, 1))[0] / ch.size)
            feats.append([ch.mean(), ch.std(), np.percentile(ch, 10), np.percentile(ch, 90)])
    gray = small.mean(2)
    gx, gy = np.diff(gray, axis=1), np.diff(gray, axis=0)
    mag = np.sqrt(gx[:-1] ** 2 + gy[:, :-1] ** 2)
    ang = np.arctan2(gy[:, :-1], gx[:-1])
    feats.append(np.histogram(ang, bins=9, range=(-np.pi, np.pi), weights=mag)[0] / (mag.sum() + 1e-6))
    feats.append([mag.mean(), mag.std(), im.size[0], im.size[1]])
    return np.concatenate([np.ravel(f) for f in feats]).astype(np.float32)


def read_audio(data: bytes) -> tuple[np.ndarray, int]:
    if data[:4] == b"RIFF":
        with wave.open(io.BytesIO(data)) as w:
            n, width, rate, ch = w.getnframes(), w.getsampwidth(), w.getframerate(), w.getnchannels()
            raw = w.readframes(n)
        dt = {1: np.uint8, 2: "<i2", 4: "<i4"}[width]
        x = np.frombuffer(raw, dtype=dt).astype(np.float32)
        return x.reshape(-1, ch).mean(1), rate
    if data[:4] == b"FORM":  # AIFF/AIFC by hand (the aifc module is gone from newer Pythons)
        pos, ch, width, rate, x = 12, 1, 2, 2000, None
        while pos + 8 <= len(data):
            cid, size = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
            body = data[pos + 8:pos + 8 + size]
            if cid == b"COMM":
                ch, _, bits = struct.unpack(">hIh", body[:8])
                width = bits // 8
                exp, mant = struct.unpack(">HQ", body[8:18])
                rate = int(mant * 2.0 ** ((exp & 0x7FFF) - 16383 - 63)) if mant else 2000
            elif cid == b"SSND":
                off = struct.unpack(">I", body[:4])[0]
                x = np.frombuffer(body[8 + off:], dtype={1: "i1", 2: ">i2", 4: ">i4"}[width]).astype(np.float32)
            pos += 8 + size + (size & 1)
        if x is None:
            raise ValueError("no sound data")
        return x[: len(x) // ch * ch].reshape(-1, ch).mean(1), rate
    raise ValueError("unknown audio format")


def audio_features(data: bytes) -> np.ndarray:
    x, rate = read_audio(data)
    x = x - x.mean()
    x = x / (np.abs(x).max() + 1e-6)
    frame = 256
    n = max(1, len(x) // frame)
    frames = np.resize(x, n * frame).reshape(n, frame) * np.hanning(frame)
    spec = np.log1p(np.abs(np.fft.rfft(frames, axis=1)))  # (n, 129)
    bands = np.array_split(np.arange(spec.shape[1]), 32)
    b = np.stack([spec[:, i].mean(1) for i in bands], 1)
    zcr = (np.diff(np.sign(x)) != 0).mean()
    return np.concatenate([b.mean(0), b.std(0), b.max(0), np.percentile(b, 90, axis=0),
                           [zcr, x.std(), len(x) / rate]]).astype(np.float32)


def featurize(names: list[str], index, budget: Budget, deadline_share: float) -> np.ndarray | None:
    zips: dict = {}
    stop = time.monotonic() + budget.left() * deadline_share
    rows = []
    for k, name in enumerate(names):
        ref = index[name]
        ext = Path(ref[1] or ref[0].name).suffix.lower()
        data = read_bytes(ref, zips)
        try:
            rows.append(audio_features(data) if ext in AUDIO_EXT else image_features(data))
        except Exception:
            rows.append(None)
        if k % 500 == 0 and time.monotonic() > stop:
            log(f"feature extraction too slow ({k}/{len(names)} files)")
            return None
    width = max(len(r) for r in rows if r is not None)
    return np.stack([r if r is not None and len(r) == width else np.full(width, np.nan, np.float32) for r in rows])


def solve(sample: pd.DataFrame, found, metric: str | None, budget: Budget, submitter: Submitter) -> None:
    train, index, label = found
    id_col = sample.columns[0]
    rng = np.random.default_rng(0)
    if len(train) > 30_000:  # keep feature extraction within budget on 2 cores
        train = train.iloc[np.sort(rng.choice(len(train), 30_000, replace=False))].reset_index(drop=True)
    log(f"file task: {len(train)} train files, {len(sample)} test files, label {label or '(sample columns)'}")
    xt = featurize(sample[id_col].astype(str).tolist(), index, budget, 0.3)
    x = featurize(train[id_col].astype(str).tolist(), index, budget, 0.5)
    if x is None or xt is None:
        return
    log(f"features: {x.shape}")
    pos, missing = np.arange(len(sample)), np.zeros(len(sample), bool)
    current = sample.copy()
    targets = build_targets(train, sample, label, metric)
    for j, (t, mask) in enumerate(targets):
        def write(pred, s, name, t=t):
            fill(current, t, pred, pos, missing)
            submitter.submit(current, f"{name}[{','.join(map(str, t.columns[:3]))}]", display_metric(metric, s))

        pred, s, name = fit_target(t, x[mask], xt, metric, budget, 1.0 / (len(targets) - j), on_improve=write)
        write(pred, s, name)
