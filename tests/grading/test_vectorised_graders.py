"""Graders whose hot loops are array operations, against simple per-row references on random inputs
(repeats, blanks, ties, zero-padded ids): the same float, not merely a close one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.detection import _split_one_by_one, split_detections, split_fields
from mlebench.grading.metrics import mean_average_precision_at_k
from mlebench.grading.rle import fill_runs, overlaps, parse_plain_runs, parse_runs, runs_to_mask
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


# --- run-length masks, all cells at once ----------------------------------------------------------


def _random_runs_text(rng: np.random.Generator, size: int) -> str:
    edges = np.sort(rng.choice(np.arange(size + 1), size=min(2 * int(rng.integers(0, 6)), size + 1) // 2 * 2,
                               replace=False))  # distinct: no empty run
    return " ".join(f"{s + 1} {e - s}" for s, e in zip(edges[0::2], edges[1::2]))


def test_split_fields_is_python_split_or_declines():
    cells = pa.array(["1 2", "  3   4 ", None, "", " ", "5", "a\u00a0b"])
    assert split_fields(cells) is None  # a no-break space: Python splits there, so Python must
    cell, fields = split_fields(cells[:6])
    assert cell.tolist() == [0, 0, 1, 1, 5] and fields.to_pylist() == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("seed", range(5))
def test_parse_plain_runs_matches_parse_runs_cell_by_cell(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 60, 200)
    texts = [_random_runs_text(rng, int(n)) for n in sizes]
    texts[3], texts[7] = None, "  "
    cell, starts, ends = parse_plain_runs(pa.array(texts, pa.large_string()), sizes)
    for k, text in enumerate(texts):
        want = parse_runs(text or "", int(sizes[k]), "r")
        assert starts[cell == k].tolist() == want[0].tolist() and ends[cell == k].tolist() == want[1].tolist()
    flat = np.zeros(int(sizes.sum()), dtype=bool)
    offsets = np.r_[0, np.cumsum(sizes)[:-1]]
    fill_runs(flat, offsets[cell] + starts, offsets[cell] + ends)
    expected = np.concatenate([runs_to_mask(*parse_runs(t or "", int(n), "r"), int(n)) for t, n in zip(texts, sizes)])
    assert np.array_equal(flat, expected)


@pytest.mark.parametrize("bad", ["1 2 3", "0 2", "3 0", "5 1 1 1", "1 3 2 1", "9 3", "+1 2", "1.0 2", "x 1",
                                 "1\t2", "1 99999999999999999999"])
def test_parse_plain_runs_declines_what_parse_runs_rejects_or_reads_differently(bad):
    texts = pa.array(["1 2", bad, "4 1"])
    assert parse_plain_runs(texts, np.array([10, 10, 10])) is None


def test_fill_runs_draws_overlapping_runs():
    flat = np.zeros(12, dtype=bool)
    fill_runs(flat, np.array([1, 2, 9, 0]), np.array([4, 6, 10, 1]))
    assert np.flatnonzero(flat).tolist() == [0, 1, 2, 3, 4, 5, 9]


# --- uw-madison: Dice on runs, volumes drawn at once ---------------------------------------------


def _uw_reference(sub: pd.DataFrame, answers: pd.DataFrame, grade) -> float:
    """Masks decoded row by row, Dice per row, case-day volumes stacked slice by slice."""
    def mask(text, h, w):
        flat = np.zeros(h * w, dtype=bool)
        if isinstance(text, str) and text.strip():
            flat = runs_to_mask(*parse_runs(text, h * w, "r"), h * w)
        return flat.reshape((h, w), order="F")

    by_key = {(i, c): p for i, c, p in zip(sub["id"], sub["class"], sub["predicted"])}
    rows = sorted(range(len(answers)), key=lambda r: (answers["id"][r].split("_slice_")[0], answers["id"][r]))
    dices, volumes = [], {}
    for r in rows:
        h, w, i = int(answers["image_height"][r]), int(answers["image_width"][r]), answers["id"][r]
        p = mask(by_key[(i, answers["class"][r])], h, w)
        t = mask(answers["predicted"][r], h, w)
        total = int(p.sum()) + int(t.sum())
        dices.append(np.nan if total == 0 else 2 * int((p & t).sum()) / total)
        slices = volumes.setdefault(i.split("_slice_")[0], {})
        sp, st = slices.get(i, (np.zeros_like(p), np.zeros_like(t)))
        slices[i] = (sp | p, st | t)
    distances = [grade.hausdorff_distance(np.stack([s[k][0] for k in sorted(s)]), np.stack([s[k][1] for k in sorted(s)]))
                 for _, s in sorted(volumes.items())]
    with np.errstate(all="ignore"):
        return float(0.4 * np.nanmean(dices) + 0.6 * (1 - np.nanmean(distances)))


@pytest.mark.parametrize("seed", range(4))
def test_uw_madison_grade_is_the_row_by_row_float(seed):
    rng = np.random.default_rng(seed)
    rows = []
    for case in range(3):
        h, w = int(rng.integers(6, 12)), int(rng.integers(6, 12))
        for s in rng.permutation(6):
            for cls in ("large_bowel", "small_bowel", "stomach"):
                rows.append({"id": f"case{case}_day1_slice_{s:04d}", "class": cls, "image_height": h, "image_width": w,
                             "predicted": _random_runs_text(rng, h * w) if rng.random() < 0.7 else None})
    answers = pd.DataFrame(rows)
    for c in ("id", "class", "predicted"):
        answers[c] = pd.array(answers[c], dtype="str")
    sub = answers[["id", "class", "predicted"]].copy()
    guess = [_random_runs_text(rng, int(h * w)) if rng.random() < 0.8 else None
             for h, w in zip(answers["image_height"], answers["image_width"])]
    sub["predicted"] = pd.array(guess, dtype="str")
    if seed % 2:
        sub["predicted"] = answers["predicted"].where(rng.random(len(answers)) < 0.5, sub["predicted"])
    sub = sub.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    grade = _module("uw-madison-gi-tract-image-segmentation")
    assert grade.grade(sub, answers) == _uw_reference(sub, answers, grade)


@pytest.mark.parametrize("seed", range(4))
def test_overlaps_counts_the_pixels_in_both_masks(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 40, 100)
    a, b = ([_random_runs_text(rng, int(n)) for n in sizes] for _ in range(2))
    got = overlaps(parse_plain_runs(pa.array(a), sizes), parse_plain_runs(pa.array(b), sizes), sizes)
    want = [int((runs_to_mask(*parse_runs(x, int(n), "r"), int(n)) & runs_to_mask(*parse_runs(y, int(n), "r"), int(n))).sum())
            for x, y, n in zip(a, b, sizes)]
    assert got.tolist() == want


# --- detections: prediction strings split at once ---------------------------------------------


@pytest.mark.parametrize("cells", [
    ["1 2 3", None, "", "  4 5   6 ", np.nan, "7 8 9 10 11 12"],
    ["1\t2 3", "4 5 6"],  # a tab: Python's split, cell by cell
    [None, np.nan, ""],
])
def test_split_detections_is_the_cell_by_cell_split(cells):
    cells = np.asarray(cells, dtype=object)
    ids = np.arange(len(cells))
    got = split_detections(cells, ids, fields=3, where="w", unit="box", layout="a b c")
    want = _split_one_by_one(cells, ids, fields=3, where="w", unit="box", layout="a b c")
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()


@pytest.mark.parametrize("cells", [["1 2 3", "4 5"], ["1 2 3", 1.5], ["1 2 3", pd.NA]])
def test_split_detections_messages_are_the_cell_by_cell_ones(cells):
    cells = np.asarray(cells, dtype=object)
    messages = []
    for split in (split_detections, _split_one_by_one):
        with pytest.raises(InvalidSubmissionError) as err:
            split(cells, np.array(["a", "b"]), fields=3, where="w", unit="box", layout="a b c")
        messages.append(str(err.value))
    assert messages[0] == messages[1] and messages[0].startswith("w 'b': PredictionString must hold 3 fields")


def test_3d_suffix_max_is_the_grouped_running_maximum_from_the_right():
    grade = _module("3d-object-detection-for-autonomous-vehicles")
    rng = np.random.default_rng(0)
    for _ in range(100):
        n = int(rng.integers(0, 40))
        group = np.sort(rng.integers(0, 5, n))
        values = rng.choice([0.0, 0.25, 1 / 3, 0.5, 2 / 3, 1.0], n)
        block = np.cumsum(np.r_[True, group[1:] != group[:-1]]) if n else group
        want = [values[k:][group[k:] == group[k]].max() for k in range(n)]
        assert grade._suffix_max(values, block).tolist() == want


# --- AI4Code: cell ids checked in one pass ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_ai4code_same_cells_is_the_per_notebook_check(seed):
    grade = _module("AI4Code")
    rng = np.random.default_rng(seed)
    truth = [[f"c{k}_{j}" for j in range(int(rng.integers(1, 6)))] for k in range(40)]
    pred = [list(rng.permutation(t)) for t in truth]
    change = int(rng.integers(0, 4))
    k = int(rng.integers(0, len(pred)))
    if change == 1:
        pred[k] = pred[k][1:] + [pred[k][0]] * 2 if len(pred[k]) > 1 else ["x"]  # a repeat, one missing
    elif change == 2:
        pred[k] = pred[k] + ["zz"]
    elif change == 3:
        pred[k], pred[(k + 1) % len(pred)] = pred[(k + 1) % len(pred)], pred[k]
    as_column = lambda lists: pd.Series(pd.array([" ".join(x) for x in lists], dtype="str"))  # noqa: E731
    expected = all(len(p) == len(t) and set(p) == set(t) for p, t in zip(pred, truth))
    assert grade._same_cells(as_column(pred), as_column(truth)) == expected
