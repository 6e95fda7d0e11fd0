"""Throughput of the ray executor: N short dummy runs scheduled on a Ray cluster on loopback.

    .venv/bin/python benchmarks/ray_throughput.py --runs 1000 --cpus 2

Starts a one-node Ray cluster inside fresh network/PID namespaces (``unshare``, root or user
namespaces needed; only ``lo`` exists, so no traffic leaves the machine), prepares
offline-tabular-binary in a temporary data dir, runs N seeds of an agent that only copies the
sample submission (through the real bwrap sandbox) with ``RayExecutor``, and prints:

- throughput: finished runs per second of wall-clock time;
- run time: the mean time inside ``execute_run`` (run.json ``started_at`` → ``ended_at``);
- scheduling overhead per run: ``slots × wall / N − run time``, i.e. the seconds each run costs a
  CPU slot beyond its own execution (Ray task submission and dispatch, worker start, result
  transfer, the executor's event queue and bookkeeping).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BIN = Path(sys.executable).parent
PORT = 6395
INSIDE = "MLEBENCH_RAY_BENCH_INSIDE"


def _inside(args: argparse.Namespace, tmp: Path) -> dict:
    import ray

    from mlebench.data.prepare import PrepareOptions, prepare_competition
    from mlebench.registry import with_data_dir
    from mlebench.runner.agents import AgentConfig
    from mlebench.runner.execute import RunSpec
    from mlebench.runner.ray_executor import RayExecutor
    from mlebench.runner.rungroup import RunGroup
    from mlebench.runner.sandbox import Limits

    comp = with_data_dir(tmp / "data").get_competition("offline-tabular-binary")
    prepare_competition(comp, PrepareOptions())
    agent_dir = tmp / "agents" / "copy"
    agent_dir.mkdir(parents=True)
    (agent_dir / "main.sh").write_text("cp /home/data/sample_submission.csv /home/submission/submission.csv\n")
    (agent_dir / "config.yaml").write_text("id: copy\nstart: sh /home/agent/main.sh\nnetwork: none\n")
    agent = AgentConfig.from_folder(agent_dir)
    group = RunGroup.create(tmp / "runs", "bench", {"agent_id": agent.id, "agent": agent.public_record(),
                                                     "competitions": [comp.id], "seeds": args.runs,
                                                     "data_dir": str(tmp / "data")})
    specs = [RunSpec(group_root=group.root, key=k, agent=agent, limits=Limits(time_seconds=120), sandbox=args.sandbox,
                     network="none", data_dir=tmp / "data") for k in group.keys()]

    ray_env = {**os.environ}
    subprocess.run([str(BIN / "ray"), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={PORT}",
                    f"--num-cpus={args.cpus}", "--object-store-memory=100000000", "--include-dashboard=false",
                    "--disable-usage-stats", f"--temp-dir={tmp / 'ray'}"], check=True, stdout=subprocess.DEVNULL, env=ray_env)
    try:
        ray.init(address=f"127.0.0.1:{PORT}", log_to_driver=False)
        t0 = time.monotonic()
        results = list(RayExecutor(address=f"127.0.0.1:{PORT}").run(specs, lambda run_id, state: None))
        wall = time.monotonic() - t0
        ray.shutdown()
    finally:
        subprocess.run([str(BIN / "ray"), "stop", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    errors = [e for _, _, e in results if e]
    statuses = [r["status"] for _, r, _ in results if r]
    inner = [(datetime.fromisoformat(r["ended_at"]) - datetime.fromisoformat(r["started_at"])).total_seconds()
             for _, r, _ in results if r]
    mean_run = sum(inner) / len(inner)
    return {
        "runs": args.runs, "cpus": args.cpus, "sandbox": args.sandbox, "wall_seconds": round(wall, 2),
        "succeeded": statuses.count("succeeded"), "harness_errors": len(errors),
        "throughput_runs_per_second": round(args.runs / wall, 3),
        "mean_run_seconds": round(mean_run, 4),
        "overhead_seconds_per_run": round(args.cpus * wall / args.runs - mean_run, 4),
        "ray": ray.__version__, "cpu_count": os.cpu_count(),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=1000)
    p.add_argument("--cpus", type=int, default=2, help="CPUs of the Ray node = runs at once (1 CPU per run)")
    p.add_argument("--sandbox", default="bwrap")
    p.add_argument("--out", type=Path, help="also write the result as JSON here")
    args = p.parse_args()
    if os.environ.get(INSIDE) != "1":
        cmd = f"ip link set lo up && {sys.executable} {Path(__file__).resolve()} " + " ".join(sys.argv[1:])
        return subprocess.run(["unshare", "--net", "--pid", "--fork", "--mount-proc", "sh", "-c", cmd],
                              env={**os.environ, INSIDE: "1"}).returncode
    tmp = Path(tempfile.mkdtemp(prefix="rb", dir="/tmp"))
    try:
        result = _inside(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["succeeded"] == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
