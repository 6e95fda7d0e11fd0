"""Raw files laid out like Kaggle's rsna-miccai-brain-tumor-radiogenomic-classification download
(tiny, synthetic).

``train_labels.csv`` (``BraTS21ID`` written as five zero-padded digits such as ``00012``,
``MGMT_value`` 0/1) and each case's MRI scans as DICOM slices
``train/<BraTS21ID>/<FLAIR|T1w|T1wCE|T2w>/Image-<n>.dcm`` (8x8 pixels and a few slices here).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.data.dicom import tiny_dicom

N_CASES = 40
SEQUENCES = ["FLAIR", "T1w", "T1wCE", "T2w"]


def dicom_bytes(rng: np.random.Generator, *, case: str, sequence: str, number: int) -> bytes:
    """A tiny DICOM holding an 8x8 MR slice."""
    from pydicom.uid import generate_uid

    return tiny_dicom(rng.integers(0, 2000, (8, 8), dtype=np.uint16), bits_stored=16,
                      sop_class="1.2.840.10008.5.1.4.1.1.4",  # MR Image Storage
                      sop_instance=generate_uid(entropy_srcs=[case, sequence, str(number)]),
                      PatientID=case, Modality="MR", SeriesDescription=sequence, InstanceNumber=number,
                      StudyInstanceUID=generate_uid(entropy_srcs=[case]),
                      SeriesInstanceUID=generate_uid(entropy_srcs=[case, sequence]))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2021)
    cases = [f"{v:05d}" for v in sorted(rng.choice(np.arange(0, 1011), N_CASES, replace=False))]
    labels = pd.DataFrame({"BraTS21ID": cases, "MGMT_value": (rng.random(N_CASES) < 0.5).astype(int)})
    labels.to_csv(raw / "train_labels.csv", index=False)
    for case in cases:
        for sequence in SEQUENCES:
            folder = raw / "train" / case / sequence
            folder.mkdir(parents=True)
            for number in range(1, int(rng.integers(2, 4)) + 1):
                (folder / f"Image-{number}.dcm").write_bytes(dicom_bytes(rng, case=case, sequence=sequence, number=number))
