"""Pieces shared by backends: the in-sandbox entry script and runtime files, the agent's environment
variables, the capped reader of the sandbox's own output, the default limits."""

from __future__ import annotations

import math
import os
import shlex
import threading
from pathlib import Path
from typing import IO

from mlebench.runner import forwarder, seccomp
from mlebench.runner.sandbox.base import Limits, SandboxSpec
from mlebench.runner.sandbox.identity import passwd_and_group

VALIDATION_PORT = 5000
LLM_PROXY_PORT = 3128
SANDBOX_LOG_CAP = 4 * 1024**2  # bytes of the sandbox's own stdout/stderr kept in sandbox.log
OWNER_FILE = "owner"  # in a run's runtime folder: "<harness pid> <its start time>", for cleanup


def sandbox_env(spec: SandboxSpec, *, python_bin: str, home: str = "/tmp/home") -> dict[str, str]:
    env = {
        "PATH": f"{Path(python_bin).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "COMPETITION_ID": spec.extra.get("competition_id", ""),
        "TIME_LIMIT_SECS": str(int(spec.limits.time_seconds)),
        "HARDWARE": spec.extra.get("hardware", ""),
        "SUBMISSION_DIR": "/home/submission",
        "LOGS_DIR": "/home/logs",
        "CODE_DIR": "/home/code",
        "AGENT_DIR": "/home/agent",
        "DATA_DIR": "/home/data",
        "MLEBENCH_VALIDATION_URL": f"http://localhost:{VALIDATION_PORT}/validate",
        "CUDA_VISIBLE_DEVICES": ",".join(str(g) for g in spec.limits.gpus) if spec.limits.gpus else "",
    }
    if spec.limits.cpus:  # numeric libraries otherwise start a thread per host CPU
        threads = str(max(1, math.ceil(spec.limits.cpus)))
        env.update(OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads, MKL_NUM_THREADS=threads)
    if spec.network == "llm":
        proxy = f"http://127.0.0.1:{LLM_PROXY_PORT}"
        env.update(HTTP_PROXY=proxy, HTTPS_PROXY=proxy, http_proxy=proxy, https_proxy=proxy,
                   NO_PROXY="localhost", no_proxy="localhost")
    env.update(spec.env)
    env["TIME_LIMIT_SECS"] = str(int(spec.limits.time_seconds))  # the limit enforced, whatever a (v1) config says
    return env


def entry_script(spec: SandboxSpec, *, python: str, runtime: str, forwards: list[tuple[int, str]],
                 agent_prefix: str = "") -> str:
    """The script the sandbox runs: start the forwarders, then the agent with its output in /home/logs.

    ``agent_prefix`` goes before the agent's command (the docker backend's seccomp loader)."""
    fwd_args = " ".join(f"{port} {shlex.quote(sock)}" for port, sock in forwards)
    ports = [port for port, _ in forwards]
    return f"""#!/bin/sh
mkdir -p "$HOME"
{shlex.quote(python)} {runtime}/forwarder.py {fwd_args} >/dev/null 2>&1 &
{shlex.quote(python)} - <<'PY'
import socket, time
for port in {ports!r}:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
PY
cd /home/agent || exit 97
{agent_prefix}/bin/sh -c {shlex.quote(spec.start_command)} >>/home/logs/agent.log 2>&1
code=$?
echo "agent exited with code $code" >>/home/logs/agent.log
exit $code
"""


def runtime_files(spec: SandboxSpec, *, python: str, runtime: str, agent_uid: int, agent_gid: int,
                  socket_dir: str, stack_seccomp: bool = False) -> dict[str, bytes]:
    """The files the sandbox reads under ``runtime`` (and /etc): entry script, forwarder, hosts, users, seccomp."""
    forwards = [(VALIDATION_PORT, f"{socket_dir}/{spec.validation_socket.name}")]
    if spec.network == "llm" and spec.llm_socket is not None:
        forwards.append((LLM_PROXY_PORT, f"{socket_dir}/{spec.llm_socket.name}"))
    prefix = ""
    files: dict[str, bytes] = {}
    if seccomp.host_arch() is not None:
        files["seccomp.bpf"] = seccomp.program()
        if stack_seccomp:
            files["seccomp.py"] = Path(seccomp.__file__).read_bytes()
            prefix = f"{shlex.quote(python)} {runtime}/seccomp.py {runtime}/seccomp.bpf "
    passwd, group = passwd_and_group(agent_uid, agent_gid)
    files.update({
        "entry.sh": entry_script(spec, python=python, runtime=runtime, forwards=forwards, agent_prefix=prefix).encode(),
        "forwarder.py": Path(forwarder.__file__).read_bytes(),
        "hosts": b"127.0.0.1 localhost mlebench\n::1 localhost\n",
        "hostname": b"mlebench\n",
        "passwd": passwd,
        "group": group,
        "instructions.txt": spec.instructions.read_bytes(),  # copies: no host path of the harness shows inside
        "validate_submission.sh": spec.validate_script.read_bytes(),
    })
    if spec.instructions_obfuscated is not None:
        files["instructions_obfuscated.txt"] = spec.instructions_obfuscated.read_bytes()
    if spec.description is not None:
        files["description.md"] = spec.description.read_bytes()
    return files


def memory_limit(limits: Limits) -> int:
    """The run's memory limit: the user's, else three quarters of the host's memory (never unlimited)."""
    if limits.memory_bytes:
        return limits.memory_bytes
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * 3 // 4
    except (ValueError, OSError):
        return 8 * 1024**3


def tmpfs_bytes(limits: Limits) -> int:
    """Size of each of the sandbox's tmpfs (/tmp, /dev/shm): bounded by the disk quota and 8 GiB."""
    return max(1024**2, min(limits.disk_bytes, 8 * 1024**3))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_start_time(pid: int) -> str | None:
    """A process's start time (clock ticks since boot), to tell a live owner from a reused pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def mark_owner(runtime_root: Path) -> None:
    """Record which harness process owns a run's runtime folder (``mlebench sandbox cleanup`` reads it)."""
    (runtime_root / OWNER_FILE).write_text(f"{os.getpid()} {process_start_time(os.getpid())}\n")


class LogPump:
    """Reads the sandbox's stdout/stderr pipe into ``sandbox.log``, keeping at most ``cap`` bytes.

    The rest is read and dropped, so that a chatty (or hostile) sandbox can neither block on a full pipe
    nor fill the host's disk."""

    def __init__(self, pipe: IO[bytes], log_path: Path, cap: int = SANDBOX_LOG_CAP) -> None:
        self.pipe, self.log_path, self.cap = pipe, log_path, cap
        self.dropped = 0
        self.thread = threading.Thread(target=self._run, name="sandbox-log", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        kept = 0
        with open(self.log_path, "ab") as log:
            while chunk := self.pipe.read1(65536):
                room = max(0, self.cap - kept)
                if room:
                    log.write(chunk[:room])
                    log.flush()
                    kept += min(room, len(chunk))
                self.dropped += max(0, len(chunk) - room)
            if self.dropped:
                log.write(f"\n[sandbox output over {self.cap} bytes: {self.dropped} bytes dropped]\n".encode())
        self.pipe.close()

    def join(self, timeout: float = 5) -> None:
        self.thread.join(timeout)
