"""The harness killed with SIGKILL at random moments: resuming loses nothing completed and runs nothing twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.runner.conftest import make_agent

SEEDS = 6


def _mlebench(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mlebench.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True, **kw)


def _records(group: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(group.glob("*/run.json")):
        out[p.parent.name] = json.loads(p.read_text())
    return out


def _report_view(group: Path) -> list[tuple]:
    report = json.loads((group / "grading_report.json").read_text())
    return sorted((r["run_id"], r["score"], r["valid_submission"], r["run_status"]) for r in report["competition_reports"])


@pytest.fixture
def slow_agent(tmp_path):
    # sleeps a seed-dependent moment so that kills land in different phases of different runs
    return make_agent(tmp_path, "slow", """
        sleep "0.$(shuf -i 1-9 -n 1)"
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        echo ok > /home/code/done.txt
    """)


@pytest.mark.parametrize("trial", range(3))
def test_kill_and_resume_matches_a_clean_run(prepared, tmp_path, slow_agent, trial):
    comp = prepared.get("offline-tabular-binary")
    runs = tmp_path / "runs"
    common = ["-c", comp.id, "--seeds", str(SEEDS), "--concurrency", "2", "--time-limit", "60s",
              "--data-dir", str(comp.data_dir), "--runs-dir", str(runs), "--agent-dir", str(slow_agent.folder.parent)]
    clean = _mlebench("run", "--agent", "slow", "--run-group", "clean", *common)
    assert clean.wait(timeout=300) == 0, clean.stdout.read()

    rng = random.Random(trial)
    killed = _mlebench("run", "--agent", "slow", "--run-group", "crashy", *common)
    deadline = time.monotonic() + 60
    while not (runs / "crashy" / "metadata.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(rng.uniform(0.0, 2.5))
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    group = runs / "crashy"
    finished_before = {k: v for k, v in _records(group).items() if v["status"] == "succeeded"}

    resumed = _mlebench("run", "--resume", "crashy", "--runs-dir", str(runs), "--agent-dir", str(slow_agent.folder.parent))
    out, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, out
    after = _records(group)
    assert len(after) == SEEDS
    assert all(r["status"] == "succeeded" for r in after.values()), {k: (r["status"], r.get("status_reason")) for k, r in after.items()}
    for run_id, rec in finished_before.items():  # completed runs were neither lost nor run again
        assert after[run_id] == rec
    assert _report_view(group) == [(rid.replace("clean", "crashy"), s, v, st) for rid, s, v, st in _report_view(runs / "clean")]
    leftovers = subprocess.run(["pgrep", "-f", "/home/agent/main.sh"], capture_output=True, text=True).stdout.split()
    assert leftovers == []
