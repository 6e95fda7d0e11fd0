"""The ray executor on a real Ray cluster: a head and two worker nodes on loopback.

Each test starts the cluster inside fresh network, PID and mount namespaces
(``unshare --net --pid --fork --mount-proc``) where only ``lo`` exists, so Ray binds 127.0.0.1, no
traffic leaves the machine, ``ray stop --force`` sees only this cluster's processes and nothing
outlives the test (the namespace's init takes everything with it). The file doubles as the
script run inside the namespace: ``python test_ray.py cli|kill ...``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("ray")

HERE = Path(__file__).resolve()
REPO = HERE.parents[2]
BIN = Path(sys.executable).parent
PORT = 6390
WORKER_PORTS = (46101, 46102)  # node manager ports: how the kill test finds one node's raylet
LITE = "offline-lite"
RAY_ENV = {  # detect a lost node in seconds, not the default ~30 s
    "RAY_health_check_period_ms": "500", "RAY_health_check_timeout_ms": "1000",
    "RAY_health_check_failure_threshold": "3", "RAY_health_check_initial_delay_ms": "0",
}
TIMINGS = {"created_at", "submission_path", "grader_seconds", "run_seconds", "cpu_seconds", "peak_memory_mb"}


# --------------------------------------------------------------------------- inside the namespace

def _ray(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "ray"), *args], stdout=subprocess.DEVNULL, env={**os.environ, **RAY_ENV})


def start_cluster(temp: str) -> None:
    common = ["--node-ip-address=127.0.0.1", "--object-store-memory=100000000", "--memory=2000000000",
              "--disable-usage-stats", f"--temp-dir={temp}"]
    assert _ray("start", "--head", f"--port={PORT}", "--num-cpus=0", "--include-dashboard=false", *common).wait() == 0
    for port in WORKER_PORTS:  # one after the other: on a busy machine concurrent joins time out
        assert _ray("start", f"--address=127.0.0.1:{PORT}", "--num-cpus=1", f"--node-manager-port={port}", *common).wait() == 0


def stop_cluster(temp: str) -> None:
    subprocess.run([str(BIN / "ray"), "stop", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def raylet_pid(node_manager_port: int) -> int:
    out = subprocess.run(["pgrep", "-f", f"raylet.*--node_manager_port={node_manager_port}"],
                         capture_output=True, text=True).stdout.split()
    assert len(out) == 1, out
    return int(out[0])


def kill_scenario(data_dir: str, runs_dir: str, agent_dir: str, seeds: int) -> dict:
    """Run a group on the cluster with the RayExecutor; SIGKILL one worker's raylet while it runs a run."""
    import ray

    from mlebench.runner.agents import AgentConfig
    from mlebench.runner.execute import RunSpec
    from mlebench.runner.ray_executor import RayExecutor
    from mlebench.runner.rungroup import RunGroup, RunKey
    from mlebench.runner.sandbox import Limits

    agent = AgentConfig.from_folder(Path(agent_dir))
    comp = "offline-tabular-binary"
    group = RunGroup.create(Path(runs_dir), "killed", {"agent_id": agent.id, "agent": agent.public_record(),
                                                       "competitions": [comp], "seeds": seeds, "data_dir": data_dir})
    specs = [RunSpec(group_root=group.root, key=k, agent=agent, limits=Limits(time_seconds=60), sandbox="bwrap",
                     network="none", data_dir=Path(data_dir)) for k in group.keys()]
    ray.init(address=f"127.0.0.1:{PORT}", log_to_driver=False)
    victim = next(n["NodeID"] for n in ray.nodes() if n["NodeManagerPort"] == WORKER_PORTS[0])
    exe = RayExecutor(address=f"127.0.0.1:{PORT}")
    events: list[tuple[float, str, str]] = []
    killed: dict = {}

    def on_event(run_id: str, state: str) -> None:
        events.append((time.monotonic(), run_id, state))
        if state == "running" and not killed and exe.nodes.get(run_id) == victim:
            # let the agent get going, then take the node away mid-run
            def kill() -> None:
                key = RunKey(comp, int(run_id.rsplit(".", 1)[1]))
                deadline = time.monotonic() + 60
                while getattr(group.run_record(key), "status", None) != "running" and time.monotonic() < deadline:
                    time.sleep(0.05)  # the first run on a node prepares the data first
                time.sleep(1.0)  # the agent is now sleeping in its sandbox
                killed["run_id"] = run_id
                killed["status_before"] = getattr(group.run_record(key), "status", None)
                killed["started_before"] = getattr(group.run_record(key), "started_at", None)
                os.kill(raylet_pid(WORKER_PORTS[0]), signal.SIGKILL)
            killed["pending"] = True
            threading.Thread(target=kill, daemon=True).start()

    results = [(s.key.run_id, None if r is None else r["status"], e) for s, r, e in exe.run(specs, on_event)]
    ray.shutdown()
    return {"results": results, "events": [(r, s) for _, r, s in events], "killed": killed,
            "attempts": exe.attempts, "victim": victim}


def main(argv: list[str]) -> int:
    mode, temp = argv[0], argv[1]
    start_cluster(temp)
    try:
        if mode == "cli":  # mlebench run ... --executor ray, as a user would type it
            cmd = [str(BIN / "mlebench"), "run", *argv[2:], "--executor", "ray", "--ray-address", f"127.0.0.1:{PORT}"]
            return subprocess.run(cmd).returncode
        out = kill_scenario(*argv[2:5], seeds=int(argv[5]))
        print("RESULT " + json.dumps(out))
        return 0
    finally:
        stop_cluster(temp)


# --------------------------------------------------------------------------- the tests

def in_namespace(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths must fit ~100 chars
    script = f"ip link set lo up && {sys.executable} {HERE} {' '.join(args[:1])} {temp} {' '.join(args[1:])}"
    try:
        return subprocess.run(["unshare", "--net", "--pid", "--fork", "--mount-proc", "sh", "-c", script],
                              capture_output=True, text=True, timeout=timeout, cwd=REPO)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _comparable(report: dict) -> list[dict]:
    def entry(r: dict) -> dict:  # a snapshot's time into the run is a timing too; what it holds and scores is not
        snapshots = [{k: v for k, v in s.items() if k != "elapsed_seconds"} for s in r.get("snapshots") or []]
        return {**{k: v for k, v in r.items() if k not in TIMINGS}, "snapshots": snapshots}

    return sorted((entry(r) for r in report["competition_reports"]), key=lambda r: r["run_id"])


def test_ray_cluster_report_equals_local(prepared, tmp_path):
    ids = prepared.registry.get_split(LITE)
    for cid in ids:
        prepared.get(cid)
    data, runs = str(prepared.data_dir), tmp_path / "runs"
    common = ["--agent", "dummy", "--split", LITE, "--seeds", "2", "--time-limit", "60s",
              "--data-dir", data, "--runs-dir", str(runs)]
    local = subprocess.run([str(BIN / "mlebench"), "run", *common, "--run-group", "local", "--concurrency", "2"],
                           capture_output=True, text=True, timeout=300, cwd=REPO)
    assert local.returncode == 0, local.stdout + local.stderr
    proc = in_namespace("cli", *common, "--run-group", "onray", "--concurrency", "4")  # 4 in flight on 2 nodes
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    local_rep = json.loads((runs / "local" / "grading_report.json").read_text())
    ray_rep = json.loads((runs / "onray" / "grading_report.json").read_text())
    assert len(ray_rep["competition_reports"]) == 2 * len(ids)
    assert ray_rep["total_valid_submissions"] == 2 * len(ids)
    assert _comparable(ray_rep) == _comparable(local_rep)
    assert {k: v for k, v in ray_rep.items() if k not in ("competition_reports", "run_group")} == \
        {k: v for k, v in local_rep.items() if k not in ("competition_reports", "run_group")}
    meta = json.loads((runs / "onray" / "metadata.json").read_text())
    assert meta["executor"] == "ray"
    for run_json in (runs / "onray").glob("*/run.json"):
        rec = json.loads(run_json.read_text())
        assert rec["status"] == "succeeded" and rec["limits_enforced"], rec


def test_worker_killed_mid_group_completes_after_retry(prepared, tmp_path):
    prepared.get("offline-tabular-binary")  # registry checks only; the runs use a fresh, unprepared data dir
    agent = tmp_path / "agents" / "sleepy"
    agent.mkdir(parents=True)
    (agent / "main.sh").write_text(textwrap.dedent("""\
        sleep 4
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        echo done > /home/code/done.txt
    """))
    (agent / "config.yaml").write_text("id: sleepy\nstart: sh /home/agent/main.sh\nnetwork: none\n")
    data, runs, seeds = tmp_path / "data", tmp_path / "runs", 4
    proc = in_namespace("kill", str(data), str(runs), str(agent), str(seeds))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("RESULT "))[7:])

    killed = out["killed"]["run_id"]
    assert out["killed"]["status_before"] == "running"  # the node died with the run half done
    # ... and the run was started again from scratch: its run.json is a later attempt's
    rerun = json.loads((runs / "killed" / killed / "run.json").read_text())
    assert rerun["started_at"] != out["killed"]["started_before"], out
    assert sorted(out["results"]) == [[f"offline-tabular-binary.{s}", "succeeded", None] for s in range(seeds)]
    assert [s for r, s in out["events"] if s not in ("running", "retrying")] == ["succeeded"] * seeds

    # nothing lost: every run finished with a valid submission, the killed one rewritten from scratch
    from mlebench.runner.grading import grade_group
    from mlebench.runner.rungroup import RunGroup

    group = RunGroup(runs / "killed")
    assert group.pending() == []
    _, report = grade_group(group, data)
    assert report["total_valid_submissions"] == seeds
    for key in group.keys():
        rd = group.run_dir(key)
        assert (rd / "code" / "done.txt").read_text() == "done\n"
        assert not (rd / ".workspace").exists()
    # the data dir was prepared on a node on first use, once, under a lock
    assert (data / "offline-tabular-binary" / "prepared" / "public").is_dir()
    assert (data / ".locks" / "offline-tabular-binary.prepare.lock").exists()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
