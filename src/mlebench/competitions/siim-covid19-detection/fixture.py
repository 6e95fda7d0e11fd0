"""Raw files laid out like Kaggle's siim-covid19-detection download (tiny, synthetic).

``train_study_level.csv`` (``id`` such as ``00086460a852_study`` and four 0/1 columns, one of them
1), ``train_image_level.csv`` (``id`` such as ``000a312787f2_image``, ``boxes`` (a Python-style list
of ``{'x', 'y', 'width', 'height'}`` dicts, blank without opacity), ``label`` (``opacity 1 x0 y0 x1
y1 ...`` or ``none 1 0 0 1 1``), ``StudyInstanceUID``), and the chest X-rays as DICOM files
``train/<study>/<series>/<image>.dcm`` (8x8 pixels here; ids are 12 lowercase hex characters).
A study has one or two images, like Kaggle's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.data.dicom import tiny_dicom

N_STUDIES = 30
STUDY_COLUMNS = ["Negative for Pneumonia", "Typical Appearance", "Indeterminate Appearance", "Atypical Appearance"]


def dicom_bytes(rng: np.random.Generator, *, patient: str, study: str, series: str, instance: str) -> bytes:
    """A tiny DICOM holding an 8x8 MONOCHROME2 image."""
    from pydicom.uid import generate_uid

    # Kaggle's folder names are 12-hex hashes; the files hold (anonymised) dotted UIDs
    return tiny_dicom(rng.integers(0, 4096, (8, 8), dtype=np.uint16), bits_stored=12,
                      sop_class="1.2.840.10008.5.1.4.1.1.1.1",  # Digital X-Ray Image Storage - For Presentation
                      sop_instance=generate_uid(entropy_srcs=[instance]), PatientID=patient, Modality="DX",
                      StudyInstanceUID=generate_uid(entropy_srcs=[study]),
                      SeriesInstanceUID=generate_uid(entropy_srcs=[series]))


def _hex(rng: np.random.Generator, n: int) -> list[str]:
    return [f"{v:012x}" for v in rng.integers(0, 16**12, n)]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2021)
    studies = _hex(rng, N_STUDIES)
    onehot = np.eye(4, dtype=int)[rng.integers(0, 4, N_STUDIES)]
    study_table = pd.DataFrame(onehot, columns=STUDY_COLUMNS)
    study_table.insert(0, "id", [f"{s}_study" for s in studies])
    study_table.to_csv(raw / "train_study_level.csv", index=False)

    rows = []
    for k, study in enumerate(studies):
        series = _hex(rng, 1)[0]
        for image in _hex(rng, 1 + int(rng.random() < 0.3)):
            n_boxes = 0 if onehot[k, 0] else int(rng.integers(0, 3))
            boxes, label = [], []
            for _ in range(n_boxes):
                x, y = (float(v) for v in rng.uniform(100, 2000, 2).round(5))
                w, h = (float(v) for v in rng.uniform(200, 1000, 2).round(5))
                boxes.append({"x": x, "y": y, "width": w, "height": h})
                label.append(f"opacity 1 {x} {y} {round(x + w, 5)} {round(y + h, 5)}")
            rows.append({"id": f"{image}_image", "boxes": str(boxes) if boxes else None,
                         "label": " ".join(label) if label else "none 1 0 0 1 1", "StudyInstanceUID": study})
            path = raw / "train" / study / series / f"{image}.dcm"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(dicom_bytes(rng, patient=_hex(rng, 1)[0], study=study, series=series, instance=image))
    pd.DataFrame(rows).sample(frac=1.0, random_state=0).to_csv(raw / "train_image_level.csv", index=False)
