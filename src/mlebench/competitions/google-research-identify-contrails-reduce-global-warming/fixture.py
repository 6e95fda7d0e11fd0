"""Raw files laid out like Kaggle's google-research-identify-contrails-reduce-global-warming download.

``train/<record_id>/`` with ``band_08.npy`` … ``band_16.npy`` (H x W x T float16 brightness
temperatures, T = 8), ``human_individual_masks.npy`` (H x W x 1 x R, R labellers) and
``human_pixel_masks.npy`` (H x W x 1 int32); ``validation/<record_id>/`` (bands and pixel masks);
``test/<record_id>/`` (bands only); ``train_metadata.json`` and ``validation_metadata.json`` (a list
of records: ``row_min, row_size, col_min, col_size, timestamp, projection_wkt, record_id``, the id
a string of 19 digits); ``sample_submission.csv`` (``record_id, encoded_pixels``). Tiny: 16 x 16
pixels, 30 training and 6 validation records; a third of the masks are empty.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

H = W = 16
T = 8
N_TRAIN, N_VALID = 30, 6
WKT = 'PROJCS["unknown",GEOGCS["unknown",DATUM["WGS_1984"]],PROJECTION["Lambert_Conformal_Conic_2SP"]]'


def _record(rng: np.random.Generator, folder: Path, individual: bool, labelled: bool = True) -> None:
    folder.mkdir(parents=True)
    for b in range(8, 17):
        np.save(folder / f"band_{b:02}.npy", rng.normal(260 - b, 10, size=(H, W, T)).astype(np.float16))
    if not labelled:
        return
    n_labellers = int(rng.integers(4, 7))
    votes = np.zeros((H, W, 1, n_labellers), dtype=np.int32)
    if rng.random() > 1 / 3:  # a thin diagonal contrail seen by most labellers
        row = int(rng.integers(0, H - 6))
        for k in range(n_labellers - int(rng.integers(0, 2))):
            for step in range(int(rng.integers(6, 12))):
                votes[min(row + step // 2, H - 1), min(step + k % 2, W - 1), 0, k] = 1
    pixel = (votes.sum(axis=3) * 2 > n_labellers).astype(np.int32)
    np.save(folder / "human_pixel_masks.npy", pixel)
    if individual:
        np.save(folder / "human_individual_masks.npy", votes)


def _metadata(rng: np.random.Generator, ids: list[str]) -> list[dict]:
    return [{"row_min": float(rng.uniform(-3e6, 3e6)), "row_size": 2000.0, "col_min": float(rng.uniform(-3e6, 3e6)),
             "col_size": 2000.0, "timestamp": 1.5e9 + float(rng.integers(0, 10**8)), "projection_wkt": WKT,
             "record_id": rid} for rid in ids]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2023)
    ids = sorted({str(int(n)) for n in rng.integers(10**18, 9 * 10**18, size=N_TRAIN + N_VALID + 10, dtype=np.int64)})
    ids = [ids[i] for i in rng.permutation(len(ids))[: N_TRAIN + N_VALID]]
    train_ids, valid_ids = ids[:N_TRAIN], ids[N_TRAIN:]
    for rid in train_ids:
        _record(rng, raw / "train" / rid, individual=True)
    for rid in valid_ids:
        _record(rng, raw / "validation" / rid, individual=False)
    for rid in valid_ids[:2]:  # Kaggle's visible test records copy the first two validation records, unlabelled
        _record(rng, raw / "test" / rid, individual=False, labelled=False)
    (raw / "train_metadata.json").write_text(json.dumps(_metadata(rng, train_ids)))
    (raw / "validation_metadata.json").write_text(json.dumps(_metadata(rng, valid_ids)))
    pd.DataFrame({"record_id": valid_ids[:2], "encoded_pixels": ["1 3 10 5", "-"]}).to_csv(
        raw / "sample_submission.csv", index=False)
