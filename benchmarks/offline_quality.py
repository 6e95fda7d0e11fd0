"""How well each offline competition's board discriminates (issue 19).

For every competition in ``offline_ids()`` (or those given with -c): the number of board entries,
the bootstrap standard error of the metric (200 resamples of the test rows, for the entry in the
middle of the board), the gap between the board's gold and bronze thresholds (the SE must be
smaller), the Spearman correlation of the entries' scores on two disjoint halves of the test set
(the split itself is fixed by each generator's seed, so the halves stand in for a re-seeded split),
the ceiling (config ``ceiling:``, else the board's best, marked "board") and the sample
submission's score. Writes the section "Offline suite quality (issue 19)" of docs/benchmarks.md.

    .venv/bin/python benchmarks/offline_quality.py                       # every offline competition
    .venv/bin/python benchmarks/offline_quality.py -c offline-audio --entries 20 --no-write

Entries are rerun from the competition's ``reference.py`` (one thread each): ``--entries N`` runs
N entries spread evenly over the committed board (default 25; 0: all of them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

import numpy as np
import pandas as pd

TITLE = "## Offline suite quality (issue 19)"
RESAMPLES = 200


def spread(board: pd.DataFrame, n: int) -> list[str]:
    """``n`` entries evenly spaced over the board, best first (all of them with n = 0)."""
    names = list(board["teamName"])
    if n <= 0 or n >= len(names):
        return names
    return [names[i] for i in sorted({int(round(i)) for i in np.linspace(0, len(names) - 1, n)})]


def _subset(comp, frame: pd.DataFrame, ids: np.ndarray, id_col: str, tag: np.ndarray | None = None) -> pd.DataFrame:
    """The rows of ``frame`` for ``ids`` in that order (ids renamed ``<id>~<k>`` when ``tag`` is given,
    so a bootstrap resample keeps every id unique)."""
    out = frame.set_index(id_col).loc[ids].reset_index()
    if tag is not None:
        out[id_col] = [f"{i}~{k}" for i, k in zip(out[id_col].astype(str), tag)]
    return out


def score_on(comp, submission: pd.DataFrame, answers: pd.DataFrame, ids: np.ndarray, id_col: str,
             tag: np.ndarray | None = None) -> float | None:
    result = comp.grader.grade(_subset(comp, submission, ids, id_col, tag), _subset(comp, answers, ids, id_col, tag))
    return result.score


def quality(comp, entries: int, seed: int = 0) -> dict:
    from scipy.stats import spearmanr

    from mlebench.grading import leaderboard as lb
    from mlebench.grading.normalise import floor_and_ceiling
    from mlebench.offline.reference import build
    from mlebench.utils import load_answers

    board = pd.read_csv(comp.folder / "leaderboard.csv")
    lower = comp.is_lower_better
    t = lb.thresholds(board["score"], lower_is_better=lower)
    chosen = spread(board, entries)
    middle = board["teamName"].iloc[len(board) // 2]
    subs: dict[str, pd.DataFrame] = {}
    build(comp, only=sorted(set(chosen) | {middle}), submissions=subs)
    id_col = comp.config.extra["submission"]["id_column"]
    answers = load_answers(comp.answers).astype({id_col: str})  # ids as text: resampled ones get a suffix
    ids = answers[id_col].to_numpy()
    for name in subs:
        subs[name] = subs[name].astype({id_col: str})
    rng = np.random.default_rng(seed)
    boot = []
    for _ in range(RESAMPLES):
        pick = rng.integers(0, len(ids), len(ids))
        s = score_on(comp, subs[middle], answers, ids[pick], id_col, tag=np.arange(len(pick)))
        if s is not None:
            boot.append(s)
    order = rng.permutation(len(ids))
    halves = [np.sort(order[: len(ids) // 2]), np.sort(order[len(ids) // 2:])]
    scores = [[score_on(comp, subs[n], answers, ids[h], id_col) for n in chosen] for h in halves]
    valid = [i for i in range(len(chosen)) if scores[0][i] is not None and scores[1][i] is not None]
    rho = spearmanr([scores[0][i] for i in valid], [scores[1][i] for i in valid]).statistic
    sample, ceiling = floor_and_ceiling(comp)
    declared = "ceiling" in comp.config.extra
    return {"id": comp.id, "entries": len(board), "middle": middle, "se": float(np.std(boot, ddof=1)),
            "resamples": len(boot), "gap": abs(t.gold - t.bronze), "spearman": float(rho), "ranked": len(valid),
            "ceiling": ceiling, "ceiling_from": "config" if declared else "board", "sample": sample,
            "lower": lower}


def section(rows: list[dict], args, seconds: float) -> str:
    lines = [TITLE, "",
             "`benchmarks/offline_quality.py` measures, for each offline competition, whether its reference board can",
             "tell entries apart on its test set: the bootstrap standard error (SE) of the metric over",
             f"{RESAMPLES} resamples of the test rows for the entry in the middle of the board, against the gap",
             "between the gold and bronze thresholds; and the Spearman correlation of entries' scores on two disjoint random",
             "halves of the test set (each generator fixes its split by its seed, so the halves stand in for a",
             f"re-seeded split; {args.entries or 'all'} entries spread over the board). Ceiling: `ceiling:` in the",
             "config (the generating process's own predictions), else the board's best (marked *board*).", "",
             "| competition | entries | SE (mid entry) | gold-bronze gap | SE < gap | Spearman (halves) | ceiling | "
             "sample score |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ceiling = f"{r['ceiling']:.5g}" + ("" if r["ceiling_from"] == "config" else " (board)")
        lines.append(f"| {r['id']} | {r['entries']} | {r['se']:.4g} | {r['gap']:.4g} | "
                     f"{'yes' if r['se'] < r['gap'] else '**no**'} | {r['spearman']:.3f} ({r['ranked']}) | {ceiling} | "
                     f"{r['sample']:.5g} |")
    lines += ["", f"- Command: `.venv/bin/python benchmarks/offline_quality.py --entries {args.entries}"
              + "".join(f" -c {c}" for c in args.competition or []) + f"`; {seconds / 60:.1f} min.", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-c", "--competition", action="append", help="only these (default: every offline competition)")
    ap.add_argument("--entries", type=int, default=25, help="entries to rerun for the Spearman check (0: all)")
    ap.add_argument("--no-write", action="store_true", help="print the section instead of writing docs/benchmarks.md")
    args = ap.parse_args()
    from mlebench.data.prepare import PrepareOptions, prepare_competition
    from mlebench.offline.reference import offline_ids
    from mlebench.registry import registry

    ids = args.competition or offline_ids()
    if unknown := sorted(set(ids) - set(offline_ids())):
        print(f"not offline competitions: {', '.join(unknown)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        reg = registry.set_data_dir(tmp)
        for cid in ids:
            comp = reg.get_competition(cid)
            prepare_competition(comp, PrepareOptions())
            rows.append(quality(comp, args.entries))
            r = rows[-1]
            print(f"{cid}: SE {r['se']:.4g} vs gap {r['gap']:.4g}; Spearman {r['spearman']:.3f}", flush=True)
    text = section(rows, args, time.perf_counter() - started)
    print(text)
    if not args.no_write:
        from baseline_offline import write_section  # benchmarks/, next to this script

        write_section(text, TITLE, until="\n### ")  # the section's own subsections stay
    return 0


if __name__ == "__main__":
    sys.exit(main())
