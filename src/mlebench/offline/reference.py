"""Reference leaderboards for the offline suite.

Each offline competition folder has ``reference.py`` defining ``solutions()``, a list of
``(name, fn)`` where ``fn(public_dir) -> submission DataFrame`` is a deterministic reference
solution (constant, linear, trees, boosting, kNN, … with varied settings). This module prepares
the competition, runs every solution, grades it on the private answers, and writes
``leaderboard.csv`` (best first) and ``LEADERBOARD.md`` (provenance) into the competition folder.

    python -m mlebench.offline.reference              # rebuild every offline leaderboard
    python -m mlebench.offline.reference --check      # rebuild in memory and compare with the committed files
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

import pandas as pd

from mlebench.data.prepare import PrepareOptions, prepare_competition
from mlebench.registry import Competition, _resolve_fn, registry
from mlebench.utils import load_answers

MIN_SOLUTIONS = 20


def offline_ids() -> list[str]:
    return [i for i in registry.list_competition_ids() if registry.get_competition(i).config.source == "generator"]


def build(competition: Competition) -> pd.DataFrame:
    """Run the competition's reference panel; the leaderboard as a DataFrame, best first."""
    solutions = _resolve_fn(competition.folder, "reference.py:solutions", competition.id)()
    if len(solutions) < MIN_SOLUTIONS:
        raise ValueError(f"{competition.id}: {len(solutions)} reference solutions, need at least {MIN_SOLUTIONS}")
    from threadpoolctl import threadpool_limits

    answers = load_answers(competition.answers)
    rows = []
    for name, fn in solutions:
        with threadpool_limits(1):  # one BLAS/OpenMP thread: deterministic and fair on a shared machine
            submission = fn(competition.public_dir)
        result = competition.grader.grade(submission, answers)
        if result.score is None:
            raise ValueError(f"{competition.id}: reference solution '{name}' is invalid: {result.invalid_reason}")
        rows.append({"teamName": name, "score": result.score})
    board = pd.DataFrame(rows).sort_values(
        ["score", "teamName"], ascending=[competition.is_lower_better, True], kind="stable"
    )
    board.insert(0, "teamId", range(1, len(board) + 1))
    return board.reset_index(drop=True)


def provenance(competition: Competition, board: pd.DataFrame) -> str:
    lines = [
        f"# Reference leaderboard: {competition.id}",
        "",
        f"Scores of {len(board)} reference solutions (not human teams), each run once on the",
        "prepared data of this competition and graded by its own grader. Rebuilt by",
        "`python -m mlebench.offline.reference`; the solutions are in `reference.py`.",
        f"Metric: {competition.config.metric} ({'lower' if competition.is_lower_better else 'higher'} is better).",
        "",
        "| rank | solution | score |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {r.teamId} | {r.teamName} | {r.score} |" for r in board.itertuples()]
    note = _reference_note(competition)
    return "\n".join(lines) + "\n" + (f"\n{note.strip()}\n" if note else "")


def _reference_note(competition: Competition) -> str | None:
    """An optional ``NOTE`` string in the competition's reference.py (e.g. where its data comes from)."""
    try:
        return _resolve_fn(competition.folder, "reference.py:NOTE", competition.id)
    except AttributeError:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-c", "--competition-id", action="append", help="only these competitions")
    ap.add_argument("--check", action="store_true", help="compare with the committed leaderboard.csv; write nothing")
    args = ap.parse_args(argv)
    ids = args.competition_id or offline_ids()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        reg = registry.set_data_dir(tmp)
        for cid in ids:
            comp = reg.get_competition(cid)
            started = time.perf_counter()
            prepare_competition(comp, PrepareOptions())
            board = build(comp)
            target = comp.folder / "leaderboard.csv"
            if args.check:
                committed = pd.read_csv(target) if target.exists() else None
                same = committed is not None and committed.equals(pd.read_csv(_roundtrip(board)))
                print(f"{cid}: {'matches' if same else 'DIFFERS from'} the committed leaderboard")
                failed += not same
            else:
                board.to_csv(target, index=False, lineterminator="\n")
                (comp.folder / "LEADERBOARD.md").write_text(provenance(comp, board))
                print(f"{cid}: {len(board)} solutions, best {board['score'].iloc[0]}, "
                      f"{time.perf_counter() - started:.1f}s")
    return 1 if failed else 0


def _roundtrip(board: pd.DataFrame):
    import io

    buf = io.StringIO()
    board.to_csv(buf, index=False, lineterminator="\n")
    buf.seek(0)
    return buf


if __name__ == "__main__":
    sys.exit(main())
