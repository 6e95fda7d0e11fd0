"""Raw files laid out like Kaggle's osic-pulmonary-fibrosis-progression download (tiny and synthetic).

``train.csv`` (Patient, Weeks, FVC, Percent, Age, Sex, SmokingStatus; one row per spirometry
visit, patient ids ``ID`` + 23 digits, weeks from -5 to ~130) and ``train/<Patient>/<n>.dcm``, a
few tiny CT slices per patient (a minimal explicit-VR little-endian DICOM: 2x2 16-bit pixels).
``prepare`` reads nothing else, so Kaggle's small ``test.csv`` and sample are not written.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pandas as pd

N_PATIENTS = 20


def _element(group: int, elem: int, vr: bytes, value: bytes) -> bytes:
    if len(value) % 2:
        value += b"\0" if vr == b"UI" else b" "
    if vr in (b"OB", b"OW", b"UN", b"SQ", b"UT"):
        return struct.pack("<HH2sHI", group, elem, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr, len(value)) + value


def dicom_bytes(patient: str, instance: int, pixels: np.ndarray) -> bytes:
    """A minimal DICOM file (preamble, file meta, patient id, instance number, 16-bit pixels)."""
    meta = _element(0x0002, 0x0010, b"UI", b"1.2.840.10008.1.2.1")  # explicit VR little endian
    header = _element(0x0002, 0x0000, b"UL", struct.pack("<I", len(meta)))
    body = b"".join([
        _element(0x0010, 0x0020, b"LO", patient.encode()),
        _element(0x0020, 0x0013, b"IS", str(instance).encode()),
        _element(0x0028, 0x0010, b"US", struct.pack("<H", pixels.shape[0])),
        _element(0x0028, 0x0011, b"US", struct.pack("<H", pixels.shape[1])),
        _element(0x0028, 0x0100, b"US", struct.pack("<H", 16)),
        _element(0x7FE0, 0x0010, b"OW", pixels.astype("<u2").tobytes()),
    ])
    return b"\0" * 128 + b"DICM" + header + meta + body


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(41)
    rows = []
    for i in range(N_PATIENTS):
        patient = f"ID00{rng.integers(0, 1000):03d}637202{rng.integers(10**11, 10**12):012d}"
        age, sex = int(rng.integers(50, 85)), str(rng.choice(["Male", "Female"], p=[0.8, 0.2]))
        smoking = str(rng.choice(["Ex-smoker", "Never smoked", "Currently smokes"]))
        base = float(rng.integers(1500, 4000))
        weeks = np.sort(rng.choice(np.arange(-5, 70), size=int(rng.integers(6, 10)), replace=False))
        for w in weeks:
            fvc = int(base - 3 * max(w, 0) + rng.normal(0, 60))
            rows.append((patient, int(w), fvc, round(fvc / (base / 75), 6), age, sex, smoking))
        scans = raw / "train" / patient
        scans.mkdir(parents=True)
        for n in range(1, int(rng.integers(2, 4)) + 1):
            (scans / f"{n}.dcm").write_bytes(dicom_bytes(patient, n, rng.integers(0, 4096, size=(2, 2))))
    pd.DataFrame(rows, columns=["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus"]).to_csv(
        raw / "train.csv", index=False
    )
