"""v1's recipe: a tenth of Kaggle's labelled RNAs become the test set.

``int(0.1 * len(train.json))`` RNAs are drawn from those with ``SN_filter > 0`` (Kaggle's test
RNAs also passed the signal/noise filter) with pandas' ``DataFrame.sample(random_state=0)``; the
others stay for training, both sides in Kaggle's order.

Public: ``train.json`` (all of Kaggle's keys, ``index`` renumbered 0..), ``test.json`` (only the
keys of Kaggle's ``test.json``, ``index`` renumbered) and ``sample_submission.csv`` (``id_seqpos``
for every position of every test RNA, the five targets 0). Private: ``test.csv``, one row per
position (``<id>_<position>``) with the five targets and ``keep``: the first ``seq_scored``
positions hold the measurements (keep True), the rest 0 (keep False, not scored). Floats in the
CSVs are written ``%.10f``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
TEST_FRACTION, SEED = 0.1, 0
FLOAT_FORMAT = "%.10f"


def _positions(test: pd.DataFrame) -> pd.DataFrame:
    """One row per position of every test RNA: measured values, then zeros past ``seq_scored``."""
    lengths = test["seq_length"].to_numpy(dtype=int)
    scored = test["seq_scored"].to_numpy(dtype=int)
    if (scored >= lengths).any():
        raise ValueError("every test RNA must have unmeasured positions (seq_scored < seq_length)")
    position = np.concatenate([np.arange(n) for n in lengths])
    rna = np.repeat(test["id"].to_numpy(dtype=object), lengths)
    keep = position < np.repeat(scored, lengths)
    columns = {"id_seqpos": [f"{i}_{j}" for i, j in zip(rna, position)]}
    for target in TARGETS:
        measured = test[target].tolist()
        if any(len(m) != n for m, n in zip(measured, scored)):
            raise ValueError(f"{target}: a test RNA has not seq_scored measurements")
        values = np.zeros(len(position))
        values[keep] = np.concatenate([np.asarray(m, dtype=float) for m in measured])
        columns[target] = values
    columns["keep"] = keep
    return pd.DataFrame(columns)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_json(raw / "train.json", lines=True)
    kaggle_test_keys = list(pd.read_json(raw / "test.json", lines=True).columns)
    sample_columns = list(pd.read_csv(raw / "sample_submission.csv", nrows=0).columns)

    n_test = int(len(labelled) * TEST_FRACTION)
    test_index = labelled[labelled["SN_filter"] > 0].sample(n=n_test, random_state=SEED).index
    is_test = labelled.index.isin(test_index)
    train, test = labelled[~is_test].copy(), labelled[is_test].copy()

    answers = _positions(test)
    answers.to_csv(private / "test.csv", index=False, float_format=FLOAT_FORMAT)

    train["index"] = range(len(train))
    train.to_json(public / "train.json", orient="records", lines=True)
    public_test = test[kaggle_test_keys].copy()
    public_test["index"] = range(len(public_test))
    public_test.to_json(public / "test.json", orient="records", lines=True)

    sample = answers[["id_seqpos", *TARGETS]].copy()
    sample[TARGETS] = 0.0
    sample.to_csv(public / "sample_submission.csv", index=False, float_format=FLOAT_FORMAT)

    assert set(sample.columns) == set(sample_columns), f"Kaggle's sample has columns {sample_columns}"
    assert not set(TARGETS) & set(public_test.columns), "a target is among Kaggle's test keys"
    assert len(train) + len(test) == len(labelled)
    assert len(answers) == int(test["seq_length"].sum())
