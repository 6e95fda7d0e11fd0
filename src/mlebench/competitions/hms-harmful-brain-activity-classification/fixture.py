"""Raw files laid out like Kaggle's hms-harmful-brain-activity-classification download (tiny,
synthetic).

``train.csv`` with Kaggle's 15 columns (``eeg_id, eeg_sub_id, eeg_label_offset_seconds,
spectrogram_id, spectrogram_sub_id, spectrogram_label_offset_seconds, label_id, patient_id,
expert_consensus`` and the six ``*_vote`` counts); an EEG recording has one or more labelled
50-second windows (sub ids 0, 1, ...) whose votes may differ, several EEGs can share a
spectrogram. ``train_eegs/<eeg_id>.parquet`` holds the 19 electrode leads and ``EKG`` (float32,
200 Hz; Kaggle's run for minutes, these for a few samples); ``train_spectrograms/<spectrogram_id>.parquet``
holds ``time`` and 400 columns ``<LL|RL|LP|RP>_<frequency>`` (0.59-19.92 Hz), one row per 2 s.
``example_figures/`` holds two small PNGs (made-up names; v1 copies the folder as it is).
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image

LEADS = ["Fp1", "F3", "C3", "P3", "F7", "T3", "T5", "O1", "Fz", "Cz", "Pz",
         "Fp2", "F4", "C4", "P4", "F8", "T4", "T6", "O2", "EKG"]
FREQUENCIES = [round(k * 0.1953125, 2) for k in range(3, 103)]
SPECTRA = [f"{region}_{f:.2f}" for region in ("LL", "RL", "LP", "RP") for f in FREQUENCIES]
VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]
CONSENSUS = ["Seizure", "LPD", "GPD", "LRDA", "GRDA", "Other"]
N_SPECTROGRAMS = 24


def _png(rng: np.random.Generator) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def _unique(rng: np.random.Generator, low: int, high: int, n: int) -> list[int]:
    out: dict[int, None] = {}
    while len(out) < n:
        out[int(rng.integers(low, high))] = None
    return list(out)


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(4242)
    rows = []
    spectrogram_ids = _unique(rng, 353_733, 2_147_000_000, N_SPECTROGRAMS)
    eeg_ids = iter(_unique(rng, 568_657, 4_294_000_000, 3 * N_SPECTROGRAMS))
    label_ids = iter(_unique(rng, 338, 4_294_000_000, 10 * N_SPECTROGRAMS))
    (raw / "train_eegs").mkdir()
    (raw / "train_spectrograms").mkdir()
    for spectrogram_id in spectrogram_ids:
        patient_id = int(rng.integers(56, 65_500))
        spectrogram_sub = 0
        for _ in range(int(rng.integers(1, 3))):
            eeg_id = int(next(eeg_ids))
            windows = int(rng.integers(1, 4))
            for sub in range(windows):
                votes = rng.multinomial(int(rng.integers(3, 16)), rng.dirichlet(np.full(6, 0.4)))
                rows.append({"eeg_id": eeg_id, "eeg_sub_id": sub, "eeg_label_offset_seconds": 2.0 * sub,
                             "spectrogram_id": int(spectrogram_id), "spectrogram_sub_id": spectrogram_sub,
                             "spectrogram_label_offset_seconds": 2.0 * spectrogram_sub,
                             "label_id": int(next(label_ids)), "patient_id": patient_id,
                             "expert_consensus": CONSENSUS[int(np.argmax(votes))],
                             **dict(zip(VOTES, (int(v) for v in votes)))})
                spectrogram_sub += 1
            leads = {c: rng.normal(0, 40, 10 + 2 * windows).astype(np.float32) for c in LEADS}
            pq.write_table(pa.table(leads), raw / "train_eegs" / f"{eeg_id}.parquet")
        spectra = {"time": np.arange(1, 2 * (4 + spectrogram_sub), 2, dtype=np.float64)}
        spectra.update({c: rng.gamma(1.0, 3.0, len(spectra["time"])).astype(np.float32) for c in SPECTRA})
        pq.write_table(pa.table(spectra), raw / "train_spectrograms" / f"{spectrogram_id}.parquet")
    pd.DataFrame(rows).to_csv(raw / "train.csv", index=False)
    (raw / "example_figures").mkdir()
    for name in ("Sample01.png", "Sample02.png"):
        (raw / "example_figures" / name).write_bytes(_png(rng))
