"""A tiny DICOM file for competitions' synthetic raw fixtures (RSNA, SIIM, VinBigData downloads)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np


def tiny_dicom(pixels: np.ndarray, *, sop_class: str, sop_instance: str, bits_stored: int,
               photometric: str = "MONOCHROME2", **attributes: Any) -> bytes:
    """A minimal valid DICOM Part 10 file (explicit VR little endian) holding ``pixels`` (a 2-D
    uint16 array) with the given SOP class/instance UIDs; ``attributes`` are set as DICOM keywords
    (``PatientID="12"``, ``Modality="CT"``, ``StudyInstanceUID=...``)."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_instance
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits_stored, bits_stored - 1, 0
    ds.PixelData = np.ascontiguousarray(pixels, dtype=np.uint16).tobytes()
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()
