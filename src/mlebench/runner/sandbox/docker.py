"""The docker sandbox: one container per run, through the Docker SDK (``pip install 'mlebench[docker]'``).

Same contract as bwrap: v1's layout under /home (data read-only), the validation service reached at
localhost:5000 through the run's Unix socket folder (bind-mounted; the answers never are), network
``none`` (``network_mode=none``), ``llm`` (no network; only the proxy's socket) or ``full`` (the
default bridge), CPU/memory/pids limits by the engine's cgroups, GPUs by device requests when the
NVIDIA runtime is present, a non-root user, a read-only root file system. Every container carries
labels; it is removed after the run (kept with ``DockerBackend(keep_containers=True)``, which ``mlebench run
--keep-containers`` passes; ``MLEBENCH_KEEP_CONTAINERS=1`` is the default for old scripts), and containers left by
a harness that died are removed by the next run on this host or by ``mlebench sandbox cleanup``.

The image is the one of the run's environment profile (the profile its venv's marker records):
``mlebench-env`` (runner/docker/Dockerfile) for the default one, ``mlebench-env-<profile>:<lock hash>`` for
another, or, for an agent whose folder has a ``Dockerfile``, ``mlebench-agent-<folder>`` built from it on
top of that image.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError
from mlebench.runner.env import DEFAULT_PROFILE, MARKER, profiles
from mlebench.runner.docker.images import (  # noqa: F401 - build_images is this backend's `env build`
    ENV_IMAGE,
    LABEL,
    agent_image,
    build_agent_image,
    build_images,
    connect,
    image_exists,
    missing_profile_image,
    profile_image,
)
from mlebench.runner.sandbox._common import mark_owner, memory_limit, pid_alive, runtime_files, sandbox_env, tmpfs_bytes
from mlebench.runner.sandbox.base import Handle, Resources, SandboxBackend, SandboxSpec
from mlebench.runner.sandbox.identity import agent_host_ids, hand_over, sandbox_ids
from mlebench.runner.workspace import Bounds, chown_tree

RUNTIME = "/opt/mlebench"
ENV_PYTHON = "/opt/mlebench-env/bin/python"
SYSTEM_PYTHON = "/usr/bin/python3"
KILL_GRACE_SECONDS = 60  # the container kills itself this long after its time limit, harness or not


def env_profile(python_env: Path | None) -> str:
    """The profile of a run's venv, from the marker its build wrote (the default one without a venv or marker)."""
    try:
        profile = json.loads((Path(python_env) / MARKER).read_text()).get("profile")
    except (TypeError, OSError, ValueError, AttributeError):
        return DEFAULT_PROFILE
    return profile if isinstance(profile, str) and profile in profiles() else DEFAULT_PROFILE


def keep_containers_from_env() -> bool:
    """The default of ``DockerBackend(keep_containers=...)``: the ``MLEBENCH_KEEP_CONTAINERS`` variable of old scripts."""
    return os.environ.get("MLEBENCH_KEEP_CONTAINERS", "") not in ("", "0", "false", "no")


# --- cleanup ----------------------------------------------------------------------------------------

def cleanup(client=None, *, all_hosts: bool = False, include_live: bool = False) -> list[str]:
    """Remove sandbox containers whose harness is gone (or all of them with ``include_live``); their names."""
    client = client or connect()
    removed = []
    for c in client.containers.list(all=True, filters={"label": f"{LABEL}=run"}):
        labels = c.labels
        mine = labels.get(f"{LABEL}.host") == socket.gethostname()
        if not (all_hosts or mine):
            continue
        pid = int(labels.get(f"{LABEL}.harness-pid", "0") or 0)
        if not include_live and mine and pid and pid_alive(pid):
            continue
        if not include_live and not mine:
            continue  # another host's harness may be alive: only --all removes those
        try:
            c.remove(force=True)
            removed.append(c.name)
        except Exception:  # already gone
            pass
    return removed


_LIVE: dict[str, Any] = {}  # containers to remove should this process exit mid-run (never the kept ones)


def _remove_live_at_exit() -> None:
    for c in list(_LIVE.values()):
        try:
            c.remove(force=True)
        except Exception:
            pass


atexit.register(_remove_live_at_exit)


# --- the container ----------------------------------------------------------------------------------

class ContainerProcess:
    """What the harness's supervisor expects of ``handle.process``: ``poll()`` and ``pid``."""

    def __init__(self, client, container) -> None:
        self.client, self.container = client, container
        self.returncode: int | None = None
        self.done = threading.Event()
        self.pid = container.attrs.get("State", {}).get("Pid") or 0
        threading.Thread(target=self._wait, daemon=True).start()

    def _wait(self) -> None:
        import requests

        while True:
            try:
                result = self.client.api.wait(self.container.id, timeout=3600)
                self.returncode = int(result.get("StatusCode", -1))
                break
            except requests.exceptions.ReadTimeout:
                continue
            except Exception:  # removed under us, engine gone
                self.returncode = -9
                break
        self.done.set()

    def poll(self) -> int | None:
        return self.returncode if self.done.is_set() else None


def _cgroup_file(container_id: str, controller: str, name: str) -> Path | None:
    for p in (Path("/sys/fs/cgroup") / controller / "docker" / container_id / name,  # v1, cgroupfs driver
              Path("/sys/fs/cgroup/system.slice") / f"docker-{container_id}.scope" / name,  # v2, systemd driver
              Path("/sys/fs/cgroup/docker") / container_id / name):  # v2, cgroupfs driver
        if p.exists():
            return p
    return None


def _wait_until_empty(container_id: str, timeout: float = 10.0) -> bool:
    """After the container's init has died the kernel kills the rest of its pid namespace, but not
    at once (a fork bomb's last children may still be running when the engine reports the exit):
    wait until the container's cgroup holds no process, so that a finished run leaves none behind."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        procs = _cgroup_file(container_id, "pids", "cgroup.procs") or _cgroup_file(container_id, "", "cgroup.procs")
        try:
            if procs is None or not procs.read_text().strip():
                return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


def _read_int(path: Path | None, key: str | None = None) -> int | None:
    try:
        text = path.read_text() if path else None
    except OSError:
        return None
    if text is None:
        return None
    if key is None:
        return int(text.split()[0])
    for line in text.splitlines():
        k, _, v = line.partition(" ")
        if k == key:
            return int(v)
    return None


class DockerBackend(SandboxBackend):
    name = "docker"
    writable_agent_dir = True  # /home/agent is the run's copy of the agent folder (in the workspace, under its quota)

    def __init__(self, client=None, keep_containers: bool | None = None) -> None:
        self._client = client
        self.keep_containers = keep_containers_from_env() if keep_containers is None else keep_containers
        self._swept = False

    @property
    def client(self):
        if self._client is None:
            self._client = connect()
        return self._client

    def check(self) -> None:
        from mlebench.runner.sandbox.cleanup import sweep

        self.client  # noqa: B018 - connects or raises with the fix
        sweep()  # runtime folders of killed runs on this host (their containers: at the first start)

    # The container's configuration: no engine call, so that it can be tested without one. It writes the
    # entry script and forwarder into the run's runtime folder and, as root, hands the writable folders to
    # the agent's uid.
    def container_config(self, spec: SandboxSpec, image: str, *, nvidia: bool = False) -> dict[str, Any]:
        from docker.types import DeviceRequest, Mount, Ulimit

        python = ENV_PYTHON if spec.python_env else SYSTEM_PYTHON
        runtime = spec.runtime_dir
        uid, gid = agent_host_ids()  # never root: the sandbox user when the harness is root
        files = runtime_files(spec, python=python, runtime=RUNTIME, agent_uid=uid, agent_gid=gid,
                              socket_dir=f"{RUNTIME}/sock", stack_seccomp=True)
        for name, data in files.items():
            (runtime / name).write_bytes(data)
            (runtime / name).chmod(0o644)
        sockets = [s for s in (spec.validation_socket, spec.llm_socket if spec.network == "llm" else None) if s]
        (runtime / "sock").mkdir(exist_ok=True)
        for sock in sockets:  # mount points in the read-only runtime folder
            (runtime / "sock" / sock.name).touch()
        ids = sandbox_ids()
        hand_over([spec.submission_dir, spec.logs_dir, spec.code_dir], ids)
        if spec.agent_copy is not None and ids:  # the run's own copy of the agent folder, written by the agent
            chown_tree(spec.agent_copy, ids, Bounds.for_quota(spec.limits.disk_bytes))

        def bind(src: Path, dst: str, ro: bool = True) -> Mount:
            return Mount(target=dst, source=str(src), type="bind", read_only=ro)

        mounts = [
            bind(spec.public_dir, "/home/data"),
            bind(spec.submission_dir, "/home/submission", ro=False),
            bind(spec.logs_dir, "/home/logs", ro=False),
            bind(spec.code_dir, "/home/code", ro=False),
            bind(runtime / "instructions.txt", "/home/instructions.txt"),
            bind(runtime / "validate_submission.sh", "/home/validate_submission.sh"),
            bind(spec.agent_copy or spec.agent_dir, "/home/agent", ro=spec.agent_copy is None),
            bind(runtime, RUNTIME),
            bind(runtime / "passwd", "/etc/passwd"),
            bind(runtime / "group", "/etc/group"),
        ]
        mounts += [bind(sock, f"{RUNTIME}/sock/{sock.name}") for sock in sockets]  # each socket alone, read-only
        for name, target in (("instructions_obfuscated.txt", "/home/instructions_obfuscated.txt"),
                             ("description.md", "/home/data/description.md")):  # over the public one, when given
            if name in files:
                mounts.append(bind(runtime / name, target))
        env = sandbox_env(spec, python_bin=python)
        limits = spec.limits
        disk = limits.disk_bytes
        labels = {LABEL: "run", f"{LABEL}.run-id": spec.run_id[:200], f"{LABEL}.host": socket.gethostname(),
                  f"{LABEL}.harness-pid": str(os.getpid()),
                  f"{LABEL}.competition": spec.extra.get("competition_id", ""),
                  f"{LABEL}.started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        hard_stop = int(limits.time_seconds) + KILL_GRACE_SECONDS
        config: dict[str, Any] = dict(
            image=image,
            command=["timeout", "-s", "KILL", str(hard_stop), "/bin/sh", f"{RUNTIME}/entry.sh"],
            name=f"mlebench-{re.sub(r'[^a-zA-Z0-9_.-]', '-', spec.run_id)[:100]}-{os.urandom(3).hex()}",
            hostname="mlebench", user=f"{uid}:{gid}", working_dir="/home", environment=env, labels=labels,
            mounts=mounts, read_only=True, tmpfs={"/tmp": f"rw,nosuid,nodev,size={tmpfs_bytes(limits)},mode=1777"},
            shm_size=tmpfs_bytes(limits),
            network_mode="bridge" if spec.network == "full" else "none",
            cap_drop=["ALL"], security_opt=["no-new-privileges"], pids_limit=limits.pids,
            ulimits=[Ulimit(name="fsize", soft=disk, hard=disk), Ulimit(name="core", soft=0, hard=0)],
            log_config={"type": "json-file", "config": {"max-size": "1m", "max-file": "1"}},
            stdin_open=False, detach=True,
        )
        memory = memory_limit(limits)  # every run has one
        config.update(mem_limit=memory, memswap_limit=memory)
        if limits.cpus:
            config["nano_cpus"] = int(limits.cpus * 1e9)
        if limits.gpus:
            if not nvidia:
                raise MLEBenchError("GPUs were asked for, but the Docker engine has no NVIDIA runtime "
                                    "(install the NVIDIA Container Toolkit)")
            config["device_requests"] = [DeviceRequest(device_ids=[str(g) for g in limits.gpus],
                                                       capabilities=[["gpu"]])]
            env["CUDA_VISIBLE_DEVICES"] = ",".join(str(i) for i in range(len(limits.gpus)))  # renumbered inside
        return config

    def _nvidia(self) -> bool:
        try:
            return "nvidia" in (self.client.info().get("Runtimes") or {})
        except Exception:
            return False

    def image_for(self, spec: SandboxSpec) -> str:
        profile = env_profile(spec.python_env)
        problem = missing_profile_image(self.client, profile)
        if problem:
            raise MLEBenchError(problem)
        base = profile_image(profile)
        tag = agent_image(spec.agent_dir, base)
        if tag is None:
            return base
        if not image_exists(self.client, tag):
            log = open(spec.extra.get("sandbox_log", spec.runtime_dir.parent / "sandbox.log"), "a")
            try:
                build_agent_image(self.client, spec.agent_dir, echo=lambda s: print(s, file=log), base=base)
            finally:
                log.close()
        return tag

    def start(self, spec: SandboxSpec) -> Handle:
        if not self._swept:  # containers of a harness that crashed on this host
            self._swept = True
            cleanup(self.client)
        image = self.image_for(spec)
        mark_owner(spec.runtime_dir.parent)
        spec.validation_socket.parent.chmod(0o700)  # the engine binds each socket alone; the folder stays root's
        config = self.container_config(spec, image, nvidia=bool(spec.limits.gpus) and self._nvidia())
        container = self.client.containers.create(**config)
        if not self.keep_containers:
            _LIVE[container.id] = container
        try:
            container.start()
            container.reload()
        except Exception:
            self._remove(container)
            raise
        deadline = time.time() + spec.limits.time_seconds + KILL_GRACE_SECONDS
        reaper = subprocess.Popen(  # stops the container even if this process dies or runs out of descriptors
            [sys.executable, "-m", "mlebench.runner.sandbox.reaper", container.id, str(deadline), str(os.getpid()),
             "keep" if self.keep_containers else "remove"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            close_fds=True,  # a kill request that comes before its handler is ready waits, blocked, instead of killing it
            preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1}))
        expected = {"memory": config["mem_limit"], "pids": config["pids_limit"]}
        handle = Handle(spec=spec, process=ContainerProcess(self.client, container), started=time.monotonic(),
                        backend_state={"container": container, "cpu_ns": None, "peak": None, "pids_max": 0,
                                       "reaper": reaper, "expected": expected, "limits_changed": []})
        return handle

    def _sample(self, handle: Handle) -> None:
        """Read the container's cgroup while it runs (the engine removes it at exit)."""
        state = handle.backend_state
        cid = state["container"].id
        cpu = _read_int(_cgroup_file(cid, "cpuacct", "cpuacct.usage"))
        if cpu is None:
            usec = _read_int(_cgroup_file(cid, "", "cpu.stat"), "usage_usec")
            cpu = usec * 1000 if usec is not None else None
        peak = _read_int(_cgroup_file(cid, "memory", "memory.max_usage_in_bytes")) \
            or _read_int(_cgroup_file(cid, "", "memory.peak"))
        hits = _read_int(_cgroup_file(cid, "pids", "pids.events"), "max")
        if cpu is not None:
            state["cpu_ns"] = cpu
        if peak is not None:
            state["peak"] = max(peak, state["peak"] or 0)
        if hits:
            state["pids_max"] = hits
        memory = _read_int(_cgroup_file(cid, "memory", "memory.limit_in_bytes")) \
            or _read_int(_cgroup_file(cid, "", "memory.max"))
        pids = _read_int(_cgroup_file(cid, "pids", "pids.max")) or _read_int(_cgroup_file(cid, "", "pids.max"))
        for name, value in (("memory", memory), ("pids", pids)):
            want = state["expected"].get(name)
            if value is not None and want and value != want:
                note = f"{name}: {want} -> {value}"
                if note not in state["limits_changed"]:
                    state["limits_changed"].append(note)

    def wait(self, handle: Handle, timeout: float) -> int | None:
        self._sample(handle)
        proc: ContainerProcess = handle.process
        if not proc.done.wait(max(timeout, 0)):
            return None
        handle.exit_code = proc.returncode
        return handle.exit_code

    def kill(self, handle: Handle, reason: str) -> None:
        """Kill the container: through the engine (retried) and through its reaper process; raises if it survives."""
        from mlebench.runner.sandbox.reaper import kill_container

        handle.killed_reason = handle.killed_reason or reason
        try:
            self._sample(handle)
        except Exception:  # noqa: BLE001 - accounting must not stand in the way of a kill
            pass
        reaper = handle.backend_state.get("reaper")
        if reaper is not None and reaper.poll() is None:
            reaper.send_signal(signal.SIGUSR1)  # needs no descriptor of ours
        error = kill_container(self.client, handle.backend_state["container"].id, remove=False)
        if handle.process.done.wait(30):
            handle.exit_code = handle.process.returncode
            return
        raise RuntimeError(f"the container of {handle.spec.run_id} could not be killed ({reason}): {error}")

    def _remove(self, container) -> None:
        from mlebench.runner.sandbox.reaper import kill_container

        if self.keep_containers:
            return
        error = kill_container(self.client, container.id, remove=True)
        if error is not None:
            raise RuntimeError(f"removing container {container.name} failed: {error}")
        _LIVE.pop(container.id, None)

    def collect(self, handle: Handle) -> Resources:
        if handle.process.poll() is None:
            self.kill(handle, "collected while running")
        container = handle.backend_state["container"]
        state = handle.backend_state
        oom = False
        try:
            container.reload()
            oom = bool(container.attrs.get("State", {}).get("OOMKilled"))
            logs = container.logs(tail=200)
            if logs:
                with open(handle.spec.extra.get("sandbox_log", handle.spec.runtime_dir.parent / "sandbox.log"), "ab") as f:
                    f.write(logs)
        except Exception:
            pass
        wall = time.monotonic() - handle.started
        _wait_until_empty(container.id)
        self._remove(container)
        reaper = handle.backend_state.get("reaper")
        if reaper is not None:
            try:
                reaper.wait(10)
            except subprocess.TimeoutExpired:
                reaper.kill()
                reaper.wait()
        return Resources(
            wall_seconds=wall,
            cpu_seconds=round(state["cpu_ns"] / 1e9, 3) if state["cpu_ns"] is not None else None,
            peak_memory_bytes=state["peak"],
            limits_enforced=True,
            oom_killed=oom,
            pids_limit_hit=state["pids_max"] > 0,
            limits_changed=list(state["limits_changed"]),
        )
