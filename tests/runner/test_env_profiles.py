"""Environment profiles as agents use them (issue 22): `requires_env: v1` is refused until that profile is
built, before any run group exists; a run records its profile and lock hash, and its instructions list the
profile's packages — each through the venv's real `mlebench` console script and a real bwrap run."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from mlebench.runner import env as agent_env
from tests.cli._helpers import MLEBENCH, cli_env

COMPETITION = "offline-tabular-binary"


def _agent(root: Path, name: str, requires_env: str, script: str = "true") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "main.sh").write_text(script)
    (folder / "config.yaml").write_text(f"id: {name}\nstart: sh /home/agent/main.sh\nrequires_env: {requires_env}\n")
    return folder


def _mlebench(*args, **env: str) -> subprocess.Popen:
    return subprocess.Popen([*MLEBENCH, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env(**env))


def test_an_agent_needing_an_unbuilt_profile_is_refused_in_one_line_before_any_run_group(prepared, tmp_path):
    data_dir = prepared.get(COMPETITION).data_dir
    cache = tmp_path / "cache"  # no profile is built under it
    cases = {
        "v1": (_agent(tmp_path / "agents", "needs-v1", "v1"),
               r"^error: agent needs-v1 needs the 'v1' environment: mlebench env build --profile v1$"),
        "unknown": (_agent(tmp_path / "agents", "needs-nope", "nope"),
                    r"^error: agent needs-nope: requires_env: unknown environment profile 'nope'; known: minimal, v1"),
        # docker: the host's venv of the profile comes first (its image is made from it; a missing image is
        # tests/runner/test_docker_profiles.py's case)
        "docker": (_agent(tmp_path / "agents", "needs-v1-docker", "v1"),
                   r"^error: agent needs-v1-docker needs the 'v1' environment: mlebench env build --profile v1$"),
    }
    procs = {}
    for name, (folder, _) in cases.items():
        runs = tmp_path / f"runs-{name}"
        sandbox = ["--sandbox", "docker"] if name == "docker" else []
        procs[name] = (runs, _mlebench("run", "--agent-dir", folder, "--agent", folder.name, "-c", COMPETITION, *sandbox,
                                       "--data-dir", data_dir, "--runs-dir", runs, MLEBENCH_CACHE_DIR=str(cache)))
    for name, (runs, proc) in procs.items():
        out, err = proc.communicate(timeout=180)
        lines = err.strip().splitlines()
        assert proc.returncode == 2, (name, proc.returncode, err)
        assert len(lines) == 1 and "Traceback" not in out + err, (name, err)
        assert re.search(cases[name][1], lines[0]), (name, lines[0])
        assert not runs.exists() or not any(runs.iterdir()), (name, sorted(runs.iterdir()))


def test_a_default_profile_run_records_its_profile_and_lists_the_locked_packages_inside_the_sandbox(prepared, tmp_path):
    env_dir = agent_env.build(echo=lambda *_: None)  # cached: CI builds it first (`mlebench env build`)
    script = ("cp /home/instructions.txt /home/logs/instructions-seen.txt\n"
              "python -c 'import numpy, pandas; print(numpy.__version__, pandas.__version__)' > /home/logs/versions.txt\n")
    folder = _agent(tmp_path / "agents", "uses-minimal", "true", script)
    runs = tmp_path / "runs"
    proc = _mlebench("run", "--agent-dir", folder, "--agent", "uses-minimal", "-c", COMPETITION, "--no-grade",
                     "--time-limit", "60s", "--data-dir", prepared.get(COMPETITION).data_dir, "--runs-dir", runs,
                     "--run-group", "g", MLEBENCH_ENV_DIR=str(env_dir))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, (out, err)
    group = runs / "g"
    assert json.loads((group / "metadata.json").read_text())["env_profile"] == "minimal"
    [run_json] = list(group.rglob("run.json"))
    versions = json.loads(run_json.read_text())["versions"]
    assert versions["profile"] == "minimal"
    assert versions["locks"]["agent_env"] == agent_env.lock_hashes("minimal")["agent_env"]
    logs = run_json.parent / "logs"
    seen = (logs / "instructions-seen.txt").read_text()
    locked = agent_env.top_level_packages("minimal")
    numpy_v, pandas_v = (logs / "versions.txt").read_text().split()
    assert (numpy_v, pandas_v) == (locked["numpy"], locked["pandas"])  # the sandbox's python is the locked env
    for name, version in locked.items():
        assert re.search(rf"^\s+{re.escape(name)}=={re.escape(version)}$", seen, re.M), (name, seen[-600:])
    assert "profile minimal" in seen
