"""Raw files laid out like Kaggle's vinbigdata-chest-xray-abnormalities-detection download (tiny,
synthetic).

``train.csv`` (one row per finding of one radiologist: ``image_id`` (32 lowercase hex characters),
``class_name``, ``class_id`` (0-13 findings, 14 "No finding"), ``rad_id`` (``R1``-``R17``),
``x_min, y_min, x_max, y_max`` (pixels; blank for "No finding")) and the chest X-rays as DICOM
files ``train/<image_id>.dicom`` (8x8 pixels here). Each image is read by three radiologists, who
may mark the same finding with different boxes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.data.dicom import tiny_dicom

N_IMAGES = 40
CLASSES = ["Aortic enlargement", "Atelectasis", "Calcification", "Cardiomegaly", "Consolidation", "ILD",
           "Infiltration", "Lung Opacity", "Nodule/Mass", "Other lesion", "Pleural effusion", "Pleural thickening",
           "Pneumothorax", "Pulmonary fibrosis", "No finding"]


def dicom_bytes(rng: np.random.Generator, *, image_id: str) -> bytes:
    """A tiny DICOM holding an 8x8 MONOCHROME2 X-ray."""
    from pydicom.uid import generate_uid

    sex, age = str(rng.choice(["M", "F", "O"])), f"{int(rng.integers(20, 90)):03d}Y"  # drawn before the pixels
    return tiny_dicom(rng.integers(0, 2**14, (8, 8), dtype=np.uint16), bits_stored=14,
                      sop_class="1.2.840.10008.5.1.4.1.1.1.1",  # Digital X-Ray Image Storage - For Presentation
                      sop_instance=generate_uid(entropy_srcs=[image_id]), Modality="DX", PatientSex=sex, PatientAge=age,
                      StudyInstanceUID=generate_uid(entropy_srcs=[image_id, "study"]),
                      SeriesInstanceUID=generate_uid(entropy_srcs=[image_id, "series"]))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2020)
    images = [f"{int(a):016x}{int(b):016x}" for a, b in rng.integers(0, 2**63, (N_IMAGES, 2))]
    rows = []
    for image in images:
        rads = rng.choice(np.arange(1, 18), 3, replace=False)
        findings = [] if rng.random() < 0.4 else list(rng.choice(14, int(rng.integers(1, 4)), replace=False))
        for rad in rads:
            if not findings:
                rows.append((image, CLASSES[14], 14, f"R{rad}", np.nan, np.nan, np.nan, np.nan))
                continue
            for c in findings:
                for _ in range(1 + int(rng.random() < 0.2)):
                    x, y = (float(v) for v in rng.integers(0, 2000, 2))
                    w, h = (float(v) for v in rng.integers(20, 800, 2))
                    rows.append((image, CLASSES[c], int(c), f"R{rad}", x, y, x + w, y + h))
    order = rng.permutation(len(rows))
    table = pd.DataFrame([rows[i] for i in order],
                         columns=["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"])
    table.to_csv(raw / "train.csv", index=False)
    (raw / "train").mkdir()
    for image in images:
        (raw / "train" / f"{image}.dicom").write_bytes(dicom_bytes(rng, image_id=image))
