"""Pieces shared by backends: the in-sandbox entry script and the agent's environment variables."""

from __future__ import annotations

import math
import shlex
from pathlib import Path

from mlebench.runner.sandbox.base import SandboxSpec

VALIDATION_PORT = 5000
LLM_PROXY_PORT = 3128


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
    return env


def entry_script(spec: SandboxSpec, *, python: str, runtime: str, forwards: list[tuple[int, str]]) -> str:
    """The script the sandbox runs: start the forwarders, then the agent with its output in /home/logs."""
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
/bin/sh -c {shlex.quote(spec.start_command)} >>/home/logs/agent.log 2>&1
code=$?
echo "agent exited with code $code" >>/home/logs/agent.log
exit $code
"""
