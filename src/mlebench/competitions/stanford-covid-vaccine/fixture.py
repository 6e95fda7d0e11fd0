"""Raw files laid out like Kaggle's stanford-covid-vaccine download (tiny, synthetic).

``train.json`` and ``test.json`` are JSON Lines, one RNA per line, with Kaggle's keys in
Kaggle's order: train ``index, id, sequence, structure, predicted_loop_type, signal_to_noise,
SN_filter, seq_length, seq_scored, reactivity_error, deg_error_Mg_pH10, deg_error_pH10,
deg_error_Mg_50C, deg_error_50C, reactivity, deg_Mg_pH10, deg_pH10, deg_Mg_50C, deg_50C``; test
``index, id, sequence, structure, predicted_loop_type, seq_length, seq_scored``. Ids look like
``id_001f94081``. Kaggle's sequences have 107 bases of which the first 68 are measured; these
have 14 and 9. ``sample_submission.csv`` has ``id_seqpos`` (``<id>_<position>``) and the five
targets, all 0.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN, N_TEST, LENGTH, SCORED = 40, 3, 14, 9
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
ERRORS = ["reactivity_error", "deg_error_Mg_pH10", "deg_error_pH10", "deg_error_Mg_50C", "deg_error_50C"]


def _rna(rng: np.random.Generator, index: int, used: set) -> dict:
    while (rna_id := f"id_{rng.integers(0, 16**9):09x}") in used:
        pass
    used.add(rna_id)
    structure = "".join(rng.choice(list("(.)"), LENGTH, p=[0.3, 0.4, 0.3]))
    return {"index": index, "id": rna_id, "sequence": "".join(rng.choice(list("AGUC"), LENGTH)),
            "structure": structure,
            "predicted_loop_type": "".join(rng.choice(list("SMIBHEX"), LENGTH)),
            "seq_length": LENGTH, "seq_scored": SCORED}


def _lines(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(8806)
    used: set = set()
    train = []
    for i in range(N_TRAIN):
        rna = _rna(rng, i, used)
        head = {k: rna[k] for k in ("index", "id", "sequence", "structure", "predicted_loop_type")}
        stn = round(float(rng.gamma(2.0, 2.0)), 3)
        row = {**head, "signal_to_noise": stn, "SN_filter": int(stn > 1.0),
               "seq_length": LENGTH, "seq_scored": SCORED}
        paired = np.array([c != "." for c in rna["structure"][:SCORED]])
        for name in ERRORS:
            row[name] = [round(float(v), 4) for v in rng.uniform(0.05, 0.4, SCORED)]
        for name in TARGETS:
            row[name] = [round(float(v), 4) for v in np.where(paired, 0.1, 0.9) + rng.normal(0, 0.2, SCORED)]
        train.append(row)
    _lines(raw / "train.json", train)
    test = [_rna(rng, i, used) for i in range(N_TEST)]
    _lines(raw / "test.json", test)
    ids = [f"{r['id']}_{j}" for r in test for j in range(LENGTH)]
    pd.DataFrame({"id_seqpos": ids, **{t: 0.0 for t in TARGETS}}).to_csv(raw / "sample_submission.csv", index=False)
