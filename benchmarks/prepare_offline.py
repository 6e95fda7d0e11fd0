"""Time and disk of `mlebench prepare --split offline` on a fresh data dir (issue target: < 2 min, < 200 MB).

    .venv/bin/python benchmarks/prepare_offline.py [--split offline] [-j 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="offline")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        load = os.getloadavg()[0]
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlebench.cli", "prepare", "--split", args.split, "-j", str(args.jobs),
                        "--data-dir", str(data)], check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        per = {}
        for comp in sorted(data.iterdir()):
            manifest = json.loads((comp / "prepared" / "manifest.json").read_text())
            per[comp.name] = (du(comp), manifest["verified"])
        total = du(data)
        print(json.dumps({"split": args.split, "jobs": args.jobs, "seconds": round(seconds, 1), "bytes": total,
                          "load_average_at_start": load, "competitions": len(per),
                          "all_verified": all(v for _, v in per.values()),
                          "per_competition_mb": {k: round(b / 1e6, 2) for k, (b, _) in per.items()}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
