"""The docker sandbox: its container configuration (no engine needed), then real runs — the dummy agent on
offline competitions, the red-team suite unchanged, layout/limits/cleanup — when an engine and the
`mlebench-env` image are there (skipped otherwise, failed when MLEBENCH_REQUIRE_DOCKER=1)."""

from __future__ import annotations

import inspect
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlebench.runner.agents import AgentConfig, get_agent
from mlebench.runner.sandbox import Limits, SandboxSpec
from tests.runner import conftest as runner_helpers
from tests.runner import test_red_team as red_team
from tests.runner import test_red_team_sandbox as red_team_sandbox
from tests.runner.conftest import make_agent

docker = pytest.importorskip("docker") if os.environ.get("MLEBENCH_REQUIRE_DOCKER") != "1" else __import__("docker")
from mlebench.runner.sandbox import docker as backend  # noqa: E402

DUMMY = Path(__import__("mlebench").__file__).parent / "agents" / "dummy"


def _engine_problem() -> str | None:
    try:
        client = backend.connect()
    except Exception as e:
        return str(e)
    if not backend.image_exists(client, backend.ENV_IMAGE):
        return f"no image {backend.ENV_IMAGE}: run `mlebench env build --sandbox docker`"
    return None


@pytest.fixture(scope="session")
def engine():
    problem = _engine_problem()
    if problem:
        if os.environ.get("MLEBENCH_REQUIRE_DOCKER") == "1":
            pytest.fail(f"MLEBENCH_REQUIRE_DOCKER=1 but the docker sandbox cannot run: {problem}")
        pytest.skip(f"docker sandbox unavailable: {problem}")
    return backend.connect()


def run_docker(prepared, tmp_path, agent, **kw):
    return runner_helpers.run_agent(prepared, tmp_path, agent, sandbox="docker", **kw)


def our_containers(client, run_id_part: str = "") -> list:
    return [c for c in client.containers.list(all=True, filters={"label": f"{backend.LABEL}=run"})
            if run_id_part in c.labels.get(f"{backend.LABEL}.run-id", "")]


# --- configuration, without an engine ---------------------------------------------------------------

def _spec(tmp_path: Path, network: str = "none", **limits) -> SandboxSpec:
    for d in ("public", "ws/submission", "ws/logs", "ws/code", "agent", "rt", "sock"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    for f in ("instructions.txt", "validate.sh"):
        (tmp_path / f).write_text("x")
    return SandboxSpec(
        run_id="grp.comp.0", public_dir=tmp_path / "public", submission_dir=tmp_path / "ws/submission",
        logs_dir=tmp_path / "ws/logs", code_dir=tmp_path / "ws/code", instructions=tmp_path / "instructions.txt",
        validate_script=tmp_path / "validate.sh", agent_dir=tmp_path / "agent", start_command="sh main.sh",
        env={"X": "1"}, limits=Limits(time_seconds=30, **limits), network=network, runtime_dir=tmp_path / "rt",
        validation_socket=tmp_path / "sock/validate.sock",
        llm_socket=tmp_path / "sock/llm.sock" if network == "llm" else None,
        extra={"competition_id": "comp"})


def test_config_isolates_the_run(tmp_path):
    config = backend.DockerBackend(client=object()).container_config(
        _spec(tmp_path, cpus=2, memory_bytes=2**30, pids=128), "mlebench-env:latest")
    mounts = {m["Target"]: m for m in config["mounts"]}
    assert mounts["/home/data"]["ReadOnly"] and mounts["/home/agent"]["ReadOnly"]
    assert not mounts["/home/submission"]["ReadOnly"] and "/opt/mlebench/sock" not in mounts
    sock = mounts["/opt/mlebench/sock/validate.sock"]  # the socket alone, read-only; its folder stays the harness's
    assert sock["Source"] == str(tmp_path / "sock" / "validate.sock") and sock["ReadOnly"]
    assert mounts["/etc/passwd"]["ReadOnly"] and b"agent:" in (tmp_path / "rt" / "passwd").read_bytes()
    assert all("private" not in m["Source"] for m in config["mounts"])
    assert config["network_mode"] == "none" and config["read_only"] is True
    assert config["user"].split(":")[0] not in ("0", "1000") if os.geteuid() == 0 else not config["user"].startswith("0:")
    assert config["cap_drop"] == ["ALL"] and "no-new-privileges" in config["security_opt"]
    assert config["mem_limit"] == 2**30 == config["memswap_limit"] and config["shm_size"] <= 8 * 1024**3
    assert config["nano_cpus"] == 2 * 10**9 and config["pids_limit"] == 128
    assert config["labels"][backend.LABEL] == "run" and config["labels"][f"{backend.LABEL}.run-id"] == "grp.comp.0"
    assert config["environment"]["MLEBENCH_VALIDATION_URL"] == "http://localhost:5000/validate"
    assert config["command"][:3] == ["timeout", "-s", "KILL"]
    entry = (tmp_path / "rt" / "entry.sh").read_text()
    assert "/opt/mlebench/sock/validate.sock" in entry
    assert "/opt/mlebench/seccomp.py /opt/mlebench/seccomp.bpf /bin/sh -c" in entry  # stacked on docker's profile


def test_config_sets_a_memory_limit_by_default(tmp_path):
    config = backend.DockerBackend(client=object()).container_config(_spec(tmp_path), "img")
    assert 0 < config["mem_limit"] == config["memswap_limit"] and config["pids_limit"] > 0


def test_config_network_policies_and_gpus(tmp_path):
    b = backend.DockerBackend(client=object())
    llm = b.container_config(_spec(tmp_path, "llm"), "img")
    assert llm["network_mode"] == "none" and llm["environment"]["HTTP_PROXY"] == "http://127.0.0.1:3128"
    assert "/opt/mlebench/sock/llm.sock" in (tmp_path / "rt" / "entry.sh").read_text()
    assert b.container_config(_spec(tmp_path, "full"), "img")["network_mode"] == "bridge"
    with pytest.raises(Exception, match="NVIDIA"):
        b.container_config(_spec(tmp_path, gpus=(2, 3)), "img", nvidia=False)
    gpu = b.container_config(_spec(tmp_path, gpus=(2, 3)), "img", nvidia=True)
    assert gpu["device_requests"][0]["DeviceIDs"] == ["2", "3"]
    assert gpu["environment"]["CUDA_VISIBLE_DEVICES"] == "0,1"


def test_agent_image_is_tagged_by_its_dockerfile(tmp_path):
    (tmp_path / "My Agent").mkdir()
    assert backend.agent_image(tmp_path / "My Agent") is None
    (tmp_path / "My Agent" / "Dockerfile").write_text("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    tag = backend.agent_image(tmp_path / "My Agent")
    assert tag.startswith("mlebench-agent-my-agent:") and len(tag.split(":")[1]) == 12


# --- real runs ----------------------------------------------------------------------------------------

def test_dummy_on_offline_competitions(engine, prepared, tmp_path):
    reg = prepared.registry
    ids = [c for c in reg.get_split("offline-lite") if reg.is_implemented(c)]
    assert "offline-tabular-binary" in ids
    dummy = AgentConfig.from_folder(DUMMY)
    for cid in ids:
        comp = prepared.get(cid)
        record, run_dir = run_docker(prepared, tmp_path, dummy, competition=cid, group=f"dummy-{cid}")
        assert record["status"] == "succeeded", (cid, record)
        assert record["sandbox"] == "docker" and record["submission"]["exists"] is True
        assert (run_dir / "submission" / "submission.csv").read_bytes() == comp.sample_submission.read_bytes()
    assert our_containers(engine, "dummy-") == [], "containers were left behind"


def test_layout_user_validation_and_limits(engine, prepared, tmp_path, tabular):
    agent = make_agent(tmp_path, "probe", """
        id -u > /home/code/uid.txt
        ls /home > /home/code/home.txt
        touch /home/data/x 2>/dev/null && echo writable > /home/code/data_writable.txt
        touch /usr/x 2>/dev/null && echo writable > /home/code/root_writable.txt
        env | sort > /home/code/env.txt
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        sh /home/validate_submission.sh /home/submission/submission.csv > /home/code/valid.json
        python -c "import numpy, pandas, sklearn; print('ml-stack ok')" > /home/code/env_python.txt 2>&1
        cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max > /home/code/mem.txt 2>/dev/null
        sleep 2
    """, requires_env="true")
    comp = prepared.get("offline-tabular-binary")
    from mlebench.runner.execute import RunSpec, execute_run
    from mlebench.runner.rungroup import RunGroup, RunKey

    grp = RunGroup.create(tmp_path / "runs", "g", {"agent_id": agent.id, "agent": agent.public_record(),
                                                   "competitions": [comp.id], "seeds": 1, "data_dir": str(comp.data_dir)})
    spec = RunSpec(group_root=grp.root, key=RunKey(comp.id, 0), agent=agent, sandbox="docker", network="none",
                   limits=Limits(time_seconds=60, memory_bytes=512 * 1024**2, cpus=1), data_dir=comp.data_dir,
                   python_env=tmp_path / "any-venv")  # requires_env: the image's /opt/mlebench-env
    record = execute_run(spec)
    code = grp.run_dir(spec.key) / "code"
    assert record["status"] == "succeeded", record
    assert (code / "uid.txt").read_text().strip() not in ("0", "")
    assert {"data", "submission", "logs", "code", "instructions.txt", "validate_submission.sh", "agent"} <= \
        set((code / "home.txt").read_text().split())
    assert not (code / "data_writable.txt").exists() and not (code / "root_writable.txt").exists()
    assert json.loads((code / "valid.json").read_text())["valid"] is True
    assert "ml-stack ok" in (code / "env_python.txt").read_text()
    assert str(512 * 1024**2) in (code / "mem.txt").read_text()
    assert record["validation"]["requests"] == 1 and record["limits_enforced"] is True
    assert record["cpu_seconds"] is not None and record["peak_memory_mb"]


def test_agent_dockerfile_extends_the_base_image(engine, prepared, tmp_path):
    agent = make_agent(tmp_path, "custom-image", "cat /opt/agent-marker > /home/code/marker.txt")
    (agent.folder / "Dockerfile").write_text(
        f"ARG BASE_IMAGE\nFROM ${{BASE_IMAGE}}\nUSER 0\nRUN echo built-{os.getpid()} > /opt/agent-marker\nUSER 1000\n")
    tag = backend.agent_image(agent.folder)
    try:
        record, run_dir = run_docker(prepared, tmp_path, agent)
        assert record["status"] == "succeeded", record
        assert (run_dir / "code" / "marker.txt").read_text().strip() == f"built-{os.getpid()}"
    finally:
        try:
            engine.images.remove(tag, force=True)
        except docker.errors.ImageNotFound:
            pass


def test_keep_containers_then_cleanup_command(engine, prepared, tmp_path, monkeypatch):
    monkeypatch.delenv("MLEBENCH_KEEP_CONTAINERS", raising=False)  # the backend's option alone keeps it
    agent = make_agent(tmp_path, "kept", "echo hi")
    record, _ = run_docker(prepared, tmp_path, agent, group="kept-group", sandbox_options={"keep_containers": True})
    assert record["status"] == "succeeded"
    kept = our_containers(engine, "kept-group.")
    assert len(kept) == 1 and kept[0].labels[f"{backend.LABEL}.harness-pid"] == str(os.getpid())
    import typer
    from typer.testing import CliRunner

    from mlebench.cli import sandbox as sandbox_cli

    app = typer.Typer()
    app.command("noop")(lambda: None)
    sandbox_cli.register(app)
    out = CliRunner().invoke(app, ["sandbox", "cleanup"])  # our harness is alive: kept
    assert out.exit_code == 0 and our_containers(engine, "kept-group.")
    out = CliRunner().invoke(app, ["sandbox", "cleanup", "--all"])
    assert out.exit_code == 0 and kept[0].name in out.output, out.output
    assert our_containers(engine, "kept-group.") == []


CRASHING_HARNESS = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.runner.test_docker import _spec
from mlebench.runner.sandbox import docker as backend
spec = _spec(Path({tmp!r}))
spec = spec.__class__(**{{**spec.__dict__, "start_command": "sleep 600", "run_id": "crashed-harness.comp.0"}})
import socket
listener = socket.socket(socket.AF_UNIX)  # the engine binds the service's socket file itself: it must exist
listener.bind(str(spec.validation_socket))
handle = backend.DockerBackend().start(spec)
print("started", flush=True)
time.sleep(600)
"""


def test_containers_of_a_crashed_harness_are_removed(engine, tmp_path):
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_HARNESS.format(root=root, tmp=str(tmp_path))],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "started"
        assert len(our_containers(engine, "crashed-harness.")) == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # SIGKILL: no atexit. The container's reaper (a process of its own) removes it within seconds; the
    # next run on this host (cleanup) removes it if the reaper died too.
    removed = backend.cleanup(engine)
    deadline = time.monotonic() + 30
    while our_containers(engine, "crashed-harness.") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert our_containers(engine, "crashed-harness.") == [], removed


def test_reaper_kills_at_the_deadline_without_the_harness(engine, tmp_path):
    """The container's deadline is kept by a process the agent cannot reach, not only by its own pid 1."""
    from mlebench.runner.sandbox import reaper

    container = engine.containers.create(backend.ENV_IMAGE, command=["sleep", "600"], user="65534:65534",
                                          labels={backend.LABEL: "run", f"{backend.LABEL}.run-id": "reaper-test.0"})
    try:
        container.start()
        import threading

        watcher = threading.Thread(target=reaper.watch, args=(container.id, time.time() + 2, os.getpid()),
                                   kwargs={"keep": True}, daemon=True)
        watcher.start()
        watcher.join(30)  # it returns once the container is stopped
        container.reload()
        assert not watcher.is_alive() and container.status != "running", container.status
    finally:
        container.remove(force=True)


# --- the red-team suite, unchanged, under docker --------------------------------------------------------

def _agent_tests(module) -> list[str]:
    """The module's tests that run an agent (those that take the ``prepared`` data)."""
    return sorted(name for name, fn in vars(module).items() if name.startswith("test_") and inspect.isfunction(fn)
                  and "prepared" in inspect.signature(fn).parameters and not name.startswith("test_killed_harness"))


RED_TEAM = [(red_team, name) for name in _agent_tests(red_team)] + \
    [(red_team_sandbox, name) for name in _agent_tests(red_team_sandbox)]


@pytest.mark.parametrize("module,name", RED_TEAM, ids=[f"{m.__name__.rsplit('.', 1)[1]}:{n}" for m, n in RED_TEAM])
def test_red_team_under_docker(engine, module, name, request, monkeypatch):
    sandboxes: list[str] = []

    def run_agent_in_docker(*args, **kwargs):
        record, run_dir = runner_helpers.run_agent(*args, **{**kwargs, "sandbox": "docker"})
        sandboxes.append(record["sandbox"])
        return record, run_dir

    monkeypatch.setattr(module, "run_agent", run_agent_in_docker)
    fn = getattr(module, name)
    args = {p: request.getfixturevalue(p) for p in inspect.signature(fn).parameters}
    started = time.monotonic()
    fn(**args)
    assert sandboxes and set(sandboxes) == {"docker"}
    assert time.monotonic() - started < 120
    mine = [c for c in our_containers(engine, "g.") if c.labels.get(f"{backend.LABEL}.harness-pid") == str(os.getpid())]
    assert mine == [] or backend.keep_containers_from_env()  # (other sessions on this engine may be running theirs)


def test_llm_policy_under_docker(engine, prepared, tmp_path, monkeypatch):
    """The aide suite's llm-policy probe, unchanged, with its RunSpec sent to the docker sandbox."""
    from mlebench.runner.execute import RunSpec
    from tests.agents import test_aide

    specs: list[RunSpec] = []

    def docker_spec(**kwargs):
        specs.append(RunSpec(**{**kwargs, "sandbox": "docker"}))
        return specs[-1]

    monkeypatch.setattr(test_aide, "RunSpec", docker_spec)
    test_aide.test_llm_policy_reaches_only_the_endpoint(prepared, tmp_path)
    assert [s.sandbox for s in specs] == ["docker"] and specs[0].network == "llm"


def test_killed_harness_leaves_no_container(engine, prepared, tmp_path):
    """Issue 13 item 6 under docker: the reaper removes the container of a SIGKILLed harness; cleanup the rest."""
    result = red_team_sandbox.kill_harness_then_cleanup(prepared, tmp_path, sandbox="docker")
    assert len(result["left"]["runtime"]) == 1, result
    assert result["after"]["runtime"] == [], result
    deadline = time.monotonic() + 30
    while our_containers(engine, "killed.") and time.monotonic() < deadline:
        time.sleep(1)
    assert our_containers(engine, "killed.") == []


def test_kill_goes_through_the_reaper_when_the_engine_call_fails(engine, tmp_path, monkeypatch):
    """With the harness unable to reach the engine (e.g. out of descriptors), its kill still stops the container."""
    from mlebench.runner.sandbox import reaper

    spec = red_team_sandbox.sandbox_spec(tmp_path, "sleep 600")
    spec = spec.__class__(**{**spec.__dict__, "run_id": "reaper-kill.comp.0"})
    docker_backend = backend.DockerBackend()
    handle = docker_backend.start(spec)
    try:
        monkeypatch.setattr(reaper, "kill_container", lambda *a, **k: "OSError: [Errno 24] Too many open files")
        started = time.monotonic()
        docker_backend.kill(handle, "time limit reached")  # the reaper process does it, on a signal
        assert handle.process.poll() is not None and time.monotonic() - started < 30
    finally:
        monkeypatch.undo()
        docker_backend.collect(handle)
    assert our_containers(engine, "reaper-kill.") == []


def test_agent_folder_is_a_writable_copy_and_the_obfuscated_description_is_mounted(engine, prepared, tmp_path):
    """v1's agents write into $AGENT_DIR: under docker too it is the run's own copy; with the obfuscated
    description the agent reads it at /home/data/description.md, and v1's obfuscated instructions exist."""
    folder = tmp_path / "agents" / "v1-like"
    folder.mkdir(parents=True)
    (folder / "start.sh").write_text(
        "set -e\ntouch $AGENT_DIR/agent_was_here.txt\ncp /home/data/sample_submission.csv /home/submission/submission.csv\n"
        "cat /home/data/description.md > /home/logs/description-seen.md\n"
        "cat /home/instructions_obfuscated.txt > /home/logs/instructions-obfuscated-seen.txt\n"
        "ls $AGENT_DIR > /home/logs/agent-dir.txt\n")
    (folder / "config.yaml").write_text("id: v1-like\nstart: bash /home/agent/start.sh\n")
    agent = get_agent("v1-like", [folder.parent])
    record, run_dir = run_docker(prepared, tmp_path, agent, description="obfuscated")
    logs = run_dir / "logs"
    assert record["status"] == "succeeded", (record, (logs / "agent.log").read_text()[-2000:])
    assert record["description"] == "obfuscated"
    assert "agent_was_here.txt" in (logs / "agent-dir.txt").read_text().split()
    assert not (folder / "agent_was_here.txt").exists()  # the user's folder is untouched
    comp = prepared.get(runner_helpers.COMPETITION)
    assert (logs / "description-seen.md").read_text() == (comp.folder / "description_obfuscated.md").read_text()
    assert "machine-learning task" in (logs / "instructions-obfuscated-seen.txt").read_text()
