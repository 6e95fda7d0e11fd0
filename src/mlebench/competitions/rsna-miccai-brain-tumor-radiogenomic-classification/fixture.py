"""Raw files laid out like Kaggle's rsna-miccai-brain-tumor-radiogenomic-classification download
(tiny, synthetic).

``train_labels.csv`` (``BraTS21ID`` written as five zero-padded digits such as ``00012``,
``MGMT_value`` 0/1) and each case's MRI scans as DICOM slices
``train/<BraTS21ID>/<FLAIR|T1w|T1wCE|T2w>/Image-<n>.dcm`` (8x8 pixels and a few slices here).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

N_CASES = 40
SEQUENCES = ["FLAIR", "T1w", "T1wCE", "T2w"]


def dicom_bytes(rng: np.random.Generator, *, case: str, sequence: str, number: int) -> bytes:
    """A minimal valid DICOM (Part 10 file, explicit VR little endian) holding an 8x8 MR slice."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    sop_class = "1.2.840.10008.5.1.4.1.1.4"  # MR Image Storage
    sop_instance = generate_uid(entropy_srcs=[case, sequence, str(number)])
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_instance
    ds.PatientID, ds.Modality, ds.SeriesDescription = case, "MR", sequence
    ds.StudyInstanceUID = generate_uid(entropy_srcs=[case])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=[case, sequence])
    ds.InstanceNumber = number
    ds.Rows = ds.Columns = 8
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = rng.integers(0, 2000, (8, 8), dtype=np.uint16).tobytes()
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


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
