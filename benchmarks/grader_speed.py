"""Grader speed on large submissions: every Kaggle (Lite) competition, at 10^5 and 10^6 rows.

Each competition is prepared from its synthetic raw fixture (tests/fixtures/kaggle_raw), its
answers are tiled to N rows (ids made unique), a perfect submission is built the way the contract
suite builds one, shuffled, and graded. Competitions whose ids have a structure the grader parses
(e.g. ``image_row_col``) are tiled by repeating whole id groups where possible, else reported as
not measured.

    .venv/bin/python benchmarks/grader_speed.py [--rows 100000 1000000] [-c ID ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlebench.registry import registry  # noqa: E402
from tests.competitions.test_contract import _spec, perfect_submission  # noqa: E402
from tests.conftest import PreparedData  # noqa: E402


def tile(df: pd.DataFrame, id_cols: list[str], n: int) -> pd.DataFrame:
    reps = int(np.ceil(n / len(df)))
    parts = []
    for r in range(reps):
        part = df.copy()
        for c in id_cols:
            part[c] = part[c].astype(str) + (f"_{r}" if r else "")
        parts.append(part)
    return pd.concat(parts, ignore_index=True).iloc[:n]


def measure(comp, n: int) -> tuple[float | None, str]:
    from mlebench.utils import load_answers

    spec = _spec(comp)
    ids = [spec["id_column"]] if isinstance(spec["id_column"], str) else list(spec["id_column"])
    answers = load_answers(comp.answers)
    sub = perfect_submission(comp)
    big_ans = tile(answers, ids, n)
    big_sub = tile(sub, ids, n).sample(frac=1.0, random_state=0).reset_index(drop=True)
    started = time.perf_counter()
    result = comp.grader.grade(big_sub, big_ans)
    seconds = time.perf_counter() - started
    if result.score is None:
        return None, f"not measured: tiled submission invalid ({result.invalid_reason[:80]})"
    return seconds, f"score {result.score}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("-c", "--competition-id", action="append")
    args = ap.parse_args()
    ids = args.competition_id or [i for i in registry.get_split("low") if registry.is_implemented(i)]
    with tempfile.TemporaryDirectory() as tmp:
        data = PreparedData(Path(tmp))
        print("| competition | " + " | ".join(f"{n:,} rows (s)" for n in args.rows) + " | note |")
        print("| --- | " + " | ".join("---" for _ in args.rows) + " | --- |")
        for cid in ids:
            comp = data.get(cid)
            cells, note = [], ""
            for n in args.rows:
                try:
                    secs, note = measure(comp, n)
                except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
                    secs, note = None, f"not measured: {type(e).__name__}: {str(e)[:60]}"
                cells.append("–" if secs is None else f"{secs:.2f}")
            print(f"| {cid} | " + " | ".join(cells) + f" | {note} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
