"""Graders whose hot loops are array operations, against simple per-row references on random inputs
(repeats, blanks, ties, zero-padded ids): the same float, not merely a close one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlebench.grading.metrics import mean_average_precision_at_k
from mlebench.registry import load_competition_module

COMPETITIONS = Path(__file__).resolve().parents[2] / "src" / "mlebench" / "competitions"


def _module(competition_id: str):
    return load_competition_module(COMPETITIONS / competition_id, "grade")


# --- h-and-m: MAP@12 ------------------------------------------------------------------------


def _hm_reference(sub: pd.DataFrame, answers: pd.DataFrame, normalise_ids: bool) -> float:
    def items(cell) -> list[str]:
        out = [] if pd.isna(cell) else str(cell).split()
        return [i.lstrip("0") or "0" if i.isdigit() else i for i in out] if normalise_ids else out

    by_id = dict(zip(sub["customer_id"], sub["prediction"]))
    return mean_average_precision_at_k([items(c) for c in answers["prediction"]],
                                       [items(by_id[c]) for c in answers["customer_id"]], k=12)


def _random_lists(rng: np.random.Generator, n: int, spelling: list[str]) -> list:
    cells = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.05:
            cells.append(None)
        elif kind < 0.1:
            cells.append(rng.choice(["", "   "]))
        else:
            sep = rng.choice([" ", "  "]) if rng.random() < 0.9 else "\t"
            cells.append(sep.join(rng.choice(spelling, rng.integers(1, 20))) + rng.choice(["", " "]))
    return cells


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("normalise_ids", [False, True])
def test_hm_map12_is_the_reference_float(seed, normalise_ids):
    rng = np.random.default_rng(seed)
    spelling = ["1", "01", "001", "2", "0", "00", "3a", "03a", "4", "5", "6", "7", "8", "9", "10"]
    if seed % 3 == 0:
        spelling.append("٣")  # a digit to str.isdigit, not to ASCII: Python's path
    n = 300
    ids = [f"c{i:04d}" for i in range(n)]
    answers = pd.DataFrame({"customer_id": pd.array(ids, dtype="str"),
                            "prediction": pd.array(_random_lists(rng, n, spelling), dtype="str")})
    order = rng.permutation(n + 40)
    sub = pd.DataFrame({"customer_id": pd.array([*ids, *(f"x{i}" for i in range(40))], dtype="str")[order],
                        "prediction": pd.array(_random_lists(rng, n + 40, spelling), dtype="str")[order]})
    got = _module("h-and-m-personalized-fashion-recommendations").score(sub, answers, normalise_ids=normalise_ids)
    assert got == _hm_reference(sub, answers, normalise_ids)


def test_hm_map12_number_columns_read_as_text_cell_by_cell():
    answers = pd.DataFrame({"customer_id": pd.array(["a", "b", "c"], dtype="str"),
                            "prediction": pd.array(["1 2", "3", "4.0"], dtype="str")})
    sub = pd.DataFrame({"customer_id": pd.array(["c", "b", "a"], dtype="str"), "prediction": [4.0, 3.0, np.nan]})
    grade = _module("h-and-m-personalized-fashion-recommendations")
    assert grade.score(sub, answers, normalise_ids=False) == _hm_reference(sub, answers, False) == 1 / 3  # "4.0" only
