"""v1's recipe: Kaggle's labelled ``train.csv`` (``id`` = ``case<c>_day<d>_slice_<s>``, ``class``,
``segmentation``; one row per slice and organ) split by case, then by day.

The cases, in order of first appearance, go through ``train_test_split(test_size=0.1,
random_state=42)``; in every remaining train case with more than four days, the days after the
fourth (by day number) also go to test. Each case-day folder ``train/<case>/<case>_<day>/`` of
the download is copied to ``public/train/`` or ``public/test/`` accordingly (case folder kept).

Public: ``train.csv`` (``id, class, segmentation``), ``test.csv`` (``id, class``),
``sample_submission.csv`` (``id, class, predicted``; every mask ``1 1 5 2``), ``train/``, ``test/``.
Private: ``test.csv`` (``id, class, predicted, image_width, image_height``; the sizes, read from
the slice file name ``slice_<s>_<width>_<height>_<spacing>_<spacing>.png`` as v1 reads it, are
written as floats like v1's). Blank masks are written as empty cells.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 42
MAX_TRAIN_DAYS = 4
SAMPLE_MASK = "1 1 5 2"


def _slice_sizes(case_day_dir: Path) -> dict[str, tuple[float, float]]:
    """``{slice number: (width, height)}`` from the scan file names of one case-day."""
    sizes: dict[str, tuple[float, float]] = {}
    for path in (case_day_dir / "scans").glob("slice_*.png"):
        parts = path.stem.split("_")
        if parts[1] in sizes:
            raise ValueError(f"two scans of slice {parts[1]} in {case_day_dir}")
        sizes[parts[1]] = (float(int(parts[2])), float(int(parts[3])))
    return sizes


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    parts = labelled["id"].str.split("_")
    case, day, slice_ = parts.str[0], parts.str[1], parts.str[-1]
    cases = case.unique()
    _, test_cases = train_test_split(cases, test_size=TEST_SIZE, random_state=SEED)
    is_test = case.isin(set(test_cases))
    for c in sorted(set(case[~is_test])):
        days = sorted(set(day[(case == c) & ~is_test]), key=lambda d: int(d[len("day"):]))
        if len(days) > MAX_TRAIN_DAYS:
            is_test |= (case == c) & day.isin(days[MAX_TRAIN_DAYS:])

    test_days = set(zip(case[is_test], day[is_test]))
    train_days = set(zip(case[~is_test], day[~is_test]))
    for case_dir in sorted(p for p in (raw / "train").iterdir() if p.is_dir()):
        for day_dir in sorted(p for p in case_dir.iterdir() if p.is_dir()):
            key = (case_dir.name, day_dir.name[len(case_dir.name) + 1:])
            if key in test_days or (key not in train_days and case_dir.name in set(test_cases)):
                side = "test"
            else:
                side = "train"
            shutil.copytree(day_dir, public / side / case_dir.name / day_dir.name, dirs_exist_ok=True)
    (public / "train").mkdir(exist_ok=True)
    (public / "test").mkdir(exist_ok=True)

    test = labelled[is_test].copy()
    sizes: dict[tuple[str, str], dict] = {}
    widths, heights = [], []
    for c, d, s in zip(case[is_test], day[is_test], slice_[is_test]):
        if (c, d) not in sizes:
            sizes[(c, d)] = _slice_sizes(raw / "train" / c / f"{c}_{d}")
        if s not in sizes[(c, d)]:
            raise FileNotFoundError(f"no scan of slice {s} in train/{c}/{c}_{d}/scans")
        w, h = sizes[(c, d)][s]
        widths.append(w)
        heights.append(h)
    test["image_width"], test["image_height"] = widths, heights
    test = test.rename(columns={"segmentation": "predicted"})

    test[["id", "class"]].assign(predicted=SAMPLE_MASK).to_csv(public / "sample_submission.csv", index=False, na_rep="")
    test.to_csv(private / "test.csv", index=False, na_rep="")
    labelled[~is_test].to_csv(public / "train.csv", index=False, na_rep="")
    test[["id", "class"]].to_csv(public / "test.csv", index=False, na_rep="")
    assert len(test) + int((~is_test).sum()) == len(labelled)
