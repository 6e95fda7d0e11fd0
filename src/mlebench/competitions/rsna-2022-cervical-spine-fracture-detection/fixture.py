"""Raw files laid out like Kaggle's rsna-2022-cervical-spine-fracture-detection download (tiny,
synthetic).

``train.csv`` (``StudyInstanceUID`` such as ``1.2.826.0.1.3680043.1234``, ``patient_overall`` and
``C1`` .. ``C7`` as 0/1, patient_overall = any vertebra), ``train_bounding_boxes.csv``
(``StudyInstanceUID, x, y, width, height, slice_number``; fractured studies only), the CT slices
``train_images/<uid>/<slice>.dcm`` (8x8 pixels, two or three slices here) and
``segmentations/<uid>.nii`` (written as opaque bytes: nothing here opens them, prepare copies them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.data.dicom import tiny_dicom

N_STUDIES, N_BOXED, N_SEGMENTED, N_BOTH = 60, 20, 16, 10
VERTEBRAE = [f"C{i}" for i in range(1, 8)]


def dicom_bytes(rng: np.random.Generator, *, study: str, number: int) -> bytes:
    """A tiny DICOM holding an 8x8 CT slice."""
    from pydicom.uid import generate_uid

    return tiny_dicom(rng.integers(0, 4000, (8, 8), dtype=np.uint16), bits_stored=12,
                      sop_class="1.2.840.10008.5.1.4.1.1.2",  # CT Image Storage
                      sop_instance=generate_uid(entropy_srcs=[study, str(number)]),
                      PatientID=study.rsplit(".", 1)[-1], Modality="CT", InstanceNumber=number,
                      StudyInstanceUID=study, SeriesInstanceUID=f"{study}.1")


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2022)
    numbers = sorted(rng.choice(np.arange(1000, 33000), N_STUDIES, replace=False))
    studies = [f"1.2.826.0.1.3680043.{n}" for n in rng.permutation(numbers)]
    vertebrae = (rng.random((N_STUDIES, 7)) < 0.15).astype(int)
    boxed = list(rng.choice(studies, N_BOXED, replace=False))
    for uid in boxed:  # Kaggle's boxes mark fractures: a boxed study has at least one
        row = studies.index(uid)
        if not vertebrae[row].any():
            vertebrae[row, rng.integers(0, 7)] = 1
    labels = pd.DataFrame(vertebrae, columns=VERTEBRAE)
    labels.insert(0, "patient_overall", vertebrae.max(axis=1))
    labels.insert(0, "StudyInstanceUID", studies)
    labels.to_csv(raw / "train.csv", index=False)

    rows = []
    for uid in boxed:
        for _ in range(int(rng.integers(1, 4))):
            rows.append([uid, *np.round(rng.uniform(50, 300, 2), 1), *np.round(rng.uniform(10, 60, 2), 1),
                         int(rng.integers(1, 300))])
    pd.DataFrame(rows, columns=["StudyInstanceUID", "x", "y", "width", "height", "slice_number"]).to_csv(
        raw / "train_bounding_boxes.csv", index=False)

    unboxed = [uid for uid in studies if uid not in boxed]
    segmented = list(rng.choice(boxed, N_BOTH, replace=False)) + list(
        rng.choice(unboxed, N_SEGMENTED - N_BOTH, replace=False))
    (raw / "segmentations").mkdir()
    for uid in segmented:
        (raw / "segmentations" / f"{uid}.nii").write_bytes(
            (348).to_bytes(4, "little") + rng.integers(0, 256, 60, dtype=np.uint8).tobytes())

    for uid in studies:
        folder = raw / "train_images" / uid
        folder.mkdir(parents=True)
        for number in range(1, int(rng.integers(2, 4)) + 1):
            (folder / f"{number}.dcm").write_bytes(dicom_bytes(rng, study=uid, number=number))
