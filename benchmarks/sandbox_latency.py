"""Sandbox start-to-agent latency and per-run overhead: bwrap vs docker.

For each backend, N runs of a no-op agent on offline-tabular-binary through the real harness
(`execute_run`: validation service, workspace, sandbox, supervision, collection, run.json):

- start-to-agent: from just before the backend's ``start()`` to the agent's first command
  (the agent writes its clock; the sandbox shares the host's clock);
- agent-to-exit: from the agent's first command to the harness seeing the exit;
- per-run overhead: the whole ``execute_run`` of an agent that does nothing.

    .venv/bin/python benchmarks/sandbox_latency.py [-n 5] [--backends bwrap docker]

Prints a Markdown table (median and max over the runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlebench.runner import execute  # noqa: E402
from mlebench.runner.execute import RunSpec, execute_run  # noqa: E402
from mlebench.runner.rungroup import RunGroup, RunKey  # noqa: E402
from mlebench.runner.sandbox import Limits, get_backend  # noqa: E402
from tests.conftest import PreparedData  # noqa: E402
from tests.runner.conftest import make_agent  # noqa: E402

COMPETITION = "offline-tabular-binary"


def measure(backend_name: str, n: int, work: Path, prepared: PreparedData) -> dict[str, list[float]]:
    comp = prepared.get(COMPETITION)
    agent = make_agent(work / backend_name, "noop", "date +%s.%N > /home/code/t0")
    out: dict[str, list[float]] = {"start_to_agent": [], "agent_to_exit": [], "overhead": []}
    marks: dict[str, float] = {}
    real_get = execute.get_backend

    class Timed:  # wraps the backend to time start() and the exit as the harness sees it
        def __init__(self, inner):
            self.inner = inner

        def start(self, spec):
            marks["start"] = time.time()
            return self.inner.start(spec)

        def wait(self, handle, timeout):
            code = self.inner.wait(handle, timeout)
            if code is not None and "exit" not in marks:
                marks["exit"] = time.time()
            return code

        def __getattr__(self, name):
            return getattr(self.inner, name)

    execute.get_backend = lambda name: Timed(real_get(name))
    try:
        for i in range(n + 1):  # the first run warms caches (page cache, image layers) and is not counted
            marks.clear()
            grp = RunGroup.create(work / backend_name / "runs", f"g{i}", {
                "agent_id": agent.id, "agent": agent.public_record(), "competitions": [COMPETITION], "seeds": 1,
                "data_dir": str(comp.data_dir)})
            spec = RunSpec(group_root=grp.root, key=RunKey(COMPETITION, 0), agent=agent, limits=Limits(time_seconds=60),
                           sandbox=backend_name, network="none", data_dir=comp.data_dir)
            t = time.perf_counter()
            record = execute_run(spec)
            total = time.perf_counter() - t
            if record["status"] != "succeeded":
                raise SystemExit(f"{backend_name}: run {i} {record['status']}: {record.get('status_reason')}")
            t0 = float((grp.run_dir(spec.key) / "code" / "t0").read_text())
            if i:
                out["start_to_agent"].append(t0 - marks["start"])
                out["agent_to_exit"].append(marks["exit"] - t0)
                out["overhead"].append(total)
    finally:
        execute.get_backend = real_get
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--backends", nargs="+", default=["bwrap", "docker"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mlb-bench-") as tmp:
        work = Path(tmp)
        prepared = PreparedData(work / "prepared")
        rows = []
        for name in args.backends:
            try:
                get_backend(name)
            except Exception as e:
                print(f"{name}: not available ({e})", file=sys.stderr)
                continue
            res = measure(name, args.n, work, prepared)
            rows.append((name, res))
    print("| backend | start→agent median (max) | agent exit→harness median (max) | whole no-op run median (max) | n |")
    print("|---|---|---|---|---|")
    for name, res in rows:
        cells = [f"{statistics.median(v) * 1000:.0f} ms ({max(v) * 1000:.0f})" for v in
                 (res["start_to_agent"], res["agent_to_exit"], res["overhead"])]
        print(f"| {name} | {' | '.join(cells)} | {len(res['overhead'])} |")


if __name__ == "__main__":
    main()
