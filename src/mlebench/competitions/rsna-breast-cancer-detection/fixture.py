"""Raw files laid out like Kaggle's rsna-breast-cancer-detection download (tiny, synthetic).

``train.csv`` (one row per mammogram: ``site_id, patient_id, image_id, laterality, view, age,
cancer, biopsy, invasive, BIRADS, implant, density, machine_id, difficult_negative_case``; ids are
integers, ``age`` and ``BIRADS`` have blanks, ``density`` is A-D or blank) and the images as DICOM
files ``train_images/<patient_id>/<image_id>.dcm`` (8x8 pixels here). Each patient has a CC and an
MLO view of each breast, some an extra view; ``cancer`` is shared by the images of a breast.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.data.dicom import tiny_dicom

N_PATIENTS = 40


def dicom_bytes(rng: np.random.Generator, *, patient_id: int, image_id: int, laterality: str, view: str) -> bytes:
    """A tiny DICOM holding an 8x8 MONOCHROME1 mammogram."""
    from pydicom.uid import generate_uid

    return tiny_dicom(rng.integers(0, 4096, (8, 8), dtype=np.uint16), bits_stored=12, photometric="MONOCHROME1",
                      sop_class="1.2.840.10008.5.1.4.1.1.1.2",  # Digital Mammography X-Ray Image Storage - For Presentation
                      sop_instance=generate_uid(entropy_srcs=[str(patient_id), str(image_id)]),
                      PatientID=str(patient_id), Modality="MG", InstanceNumber=1, ImageLaterality=laterality,
                      StudyInstanceUID=generate_uid(entropy_srcs=[str(patient_id)]),
                      SeriesInstanceUID=generate_uid(entropy_srcs=[str(patient_id), laterality]))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2023)
    patients = rng.choice(np.arange(10000, 65535), N_PATIENTS, replace=False)
    rows = []
    for patient in patients:
        site, machine = int(rng.integers(1, 3)), int(rng.choice([21, 29, 48, 49, 93, 170, 190, 197, 210, 216]))
        age = float(rng.integers(35, 90)) if rng.random() < 0.95 else np.nan
        implant = int(rng.random() < 0.05)
        density = rng.choice(["A", "B", "C", "D", ""]) or np.nan
        for laterality in ("L", "R"):
            cancer = int(rng.random() < 0.2)
            views = ["CC", "MLO"] + (["AT"] if rng.random() < 0.1 else [])
            for view in views:
                birads = np.nan if cancer or rng.random() < 0.4 else float(rng.integers(0, 3))
                rows.append({"site_id": site, "patient_id": int(patient), "image_id": int(rng.integers(1e5, 2**31 - 1)),
                             "laterality": laterality, "view": view, "age": age, "cancer": cancer,
                             "biopsy": int(cancer or rng.random() < 0.05), "invasive": int(cancer and rng.random() < 0.7),
                             "BIRADS": birads, "implant": implant, "density": density, "machine_id": machine,
                             "difficult_negative_case": bool(not cancer and rng.random() < 0.1)})
    train = pd.DataFrame(rows)
    train.to_csv(raw / "train.csv", index=False)
    for row in train.itertuples(index=False):
        path = raw / "train_images" / str(row.patient_id) / f"{row.image_id}.dcm"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(dicom_bytes(rng, patient_id=row.patient_id, image_id=row.image_id,
                                     laterality=row.laterality, view=row.view))
