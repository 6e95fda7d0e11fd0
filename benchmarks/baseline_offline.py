"""The baseline agent on the offline suite: medals, scores and time per competition (issue 5).

Runs ``mlebench run --agent baseline`` (real bwrap sandbox, one run at a time) on every offline
competition, or those given with -c, grades the run group and writes the section "Baseline agent on
the offline suite" of docs/benchmarks.md. Target: a medal on at least half of the offline
competitions within 10 minutes each on 2 cores.

    .venv/bin/python benchmarks/baseline_offline.py --time-limit 10m
    .venv/bin/python benchmarks/baseline_offline.py --time-limit 2m -c offline-tabular-binary
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
TITLE = "## Baseline agent on the offline suite"


def mlebench(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "mlebench.cli", *args], check=True)


def medal(r: dict) -> str:
    for m in ("gold", "silver", "bronze"):
        if r.get(f"{m}_medal"):
            return m
    return "above median" if r.get("above_median") else "-"


def section(report: dict, args, seconds: float, load: float, samples: dict) -> str:
    rows = report["competition_reports"]
    medals = sum(bool(r.get("any_medal")) for r in rows)
    lines = [TITLE, "",
             "`benchmarks/baseline_offline.py` runs the `baseline` agent (no LLM: gradient boosting, linear and",
             "TF-IDF models, simple image/audio features, chosen by cross-validation) through the real bwrap",
             "sandbox on each offline competition, one run at a time (`--concurrency 1`), and grades the run group:",
             "", f"    .venv/bin/python benchmarks/baseline_offline.py --time-limit {args.time_limit}"
             + "".join(f" -c {c}" for c in args.competition or []), "",
             "| competition | metric | score | sample submission | medal | run time |", "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: r["competition_id"]):
        score = "invalid" if r.get("score") is None else f"{r['score']:.5g}"
        better = "lower" if r.get("is_lower_better") else "higher"
        metric, base = samples.get(r["competition_id"], ("?", None))
        lines.append(f"| {r['competition_id']} | {metric} ({better} is better) | {score} | "
                     f"{'-' if base is None else f'{base:.5g}'} | {medal(r)} | {r.get('run_seconds') or 0:.0f} s |")
    lines += ["",
              f"- {medals} medal(s) on {len(rows)} competitions ({report['total_gold_medals']} gold, "
              f"{report['total_silver_medals']} silver, {report['total_bronze_medals']} bronze); target: at least half.",
              f"- Time limit {args.time_limit} per run; whole benchmark {seconds / 60:.1f} min. Medals are against the",
              "  competitions' reference-solution leaderboards (not human teams).",
              f"- Machine: {platform.node() or 'unknown'}, {os.cpu_count()} CPUs shared with other work (load average "
              f"{load:.1f} at start), {platform.platform()}; {dt.date.today().isoformat()}.", ""]
    return "\n".join(lines)


def write_section(text: str, title: str = TITLE, until: str = "\n## ") -> None:
    """Replace the section headed ``title`` in docs/benchmarks.md, up to the next line starting with
    ``until``, with ``text`` (append it if absent)."""
    doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    start = doc.find(title)
    if start == -1:
        doc = doc.rstrip("\n") + "\n\n" + text
    else:
        ends = [e for e in (doc.find(until, start + len(title)), doc.find("\n## ", start + len(title))) if e != -1]
        end = min(ends) if ends else -1
        doc = doc[:start] + text + ("" if end == -1 else "\n" + doc[end + 1:])
    DOC.write_text(doc)


def sample_scores(ids: list[str], data_dir: str | None) -> dict:
    from mlebench.grading.core import grade_csv
    from mlebench.registry import registry

    reg = registry.set_data_dir(Path(data_dir)) if data_dir else registry
    out = {}
    for cid in ids:
        comp = reg.get_competition(cid)
        out[cid] = (comp.config.metric, grade_csv(comp.sample_submission, comp).score)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time-limit", default="10m")
    ap.add_argument("-c", "--competition", action="append", help="only these (default: --split offline)")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--runs-dir", default=str(ROOT / "runs"))
    ap.add_argument("--no-write", action="store_true", help="print the section instead of writing docs/benchmarks.md")
    ap.add_argument("--from-group", help="only render the section from this finished run group (in --runs-dir)")
    args = ap.parse_args()
    if args.from_group:
        report = json.loads((Path(args.runs_dir) / args.from_group / "grading_report.json").read_text())
        samples = sample_scores([r["competition_id"] for r in report["competition_reports"]], args.data_dir)
        seconds = sum(r.get("run_seconds") or 0 for r in report["competition_reports"])
        text = section(report, args, seconds, float("nan"), samples)
        print(text)
        if not args.no_write:
            write_section(text)
        return 0
    data = ["--data-dir", args.data_dir] if args.data_dir else []
    select = [a for c in args.competition for a in ("-c", c)] if args.competition else ["--split", "offline"]
    mlebench("prepare", *select, *data)
    group = f"bench-baseline-{time.strftime('%Y%m%dT%H%M%S')}"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    mlebench("run", "--agent", "baseline", *select, "--time-limit", args.time_limit, "--concurrency", "1",
             "--cpus", "2", "--run-group", group, "--runs-dir", args.runs_dir, *data)
    seconds = time.perf_counter() - started
    report = json.loads((Path(args.runs_dir) / group / "grading_report.json").read_text())
    samples = sample_scores([r["competition_id"] for r in report["competition_reports"]], args.data_dir)
    text = section(report, args, seconds, load, samples)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
