"""No sandbox: the agent runs as a plain process on the host. Development only — it can read
anything the harness can, including the answers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import warnings

from mlebench.runner.sandbox._common import sandbox_env
from mlebench.runner.sandbox.base import Handle, ProcessSandbox, Resources, SandboxSpec


def host_paths(spec: SandboxSpec, command: str) -> str:
    """The start command with the sandbox's /home/... paths replaced by the run's real folders."""
    mapping = {
        "/home/validate_submission.sh": spec.validate_script, "/home/instructions.txt": spec.instructions,
        "/home/submission": spec.submission_dir, "/home/agent": spec.agent_dir, "/home/data": spec.public_dir,
        "/home/logs": spec.logs_dir, "/home/code": spec.code_dir,
    }
    for inside, outside in mapping.items():
        command = command.replace(inside, str(outside))
    return command


class NoSandboxBackend(ProcessSandbox):
    name = "none"

    def check(self) -> None:
        warnings.warn("--sandbox none: the agent is NOT isolated and can read the answers; use it only to develop agents",
                      stacklevel=2)

    def start(self, spec: SandboxSpec) -> Handle:
        import socket

        from mlebench.runner import forwarder

        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        listener.close()
        threading.Thread(target=forwarder.serve, args=(port, str(spec.validation_socket)), daemon=True).start()
        python = spec.python_env / "bin" / "python" if spec.python_env else sys.executable
        env = sandbox_env(spec, python_bin=str(python), home=str(spec.runtime_dir / "home"))
        env.update(DATA_DIR=str(spec.public_dir), SUBMISSION_DIR=str(spec.submission_dir), LOGS_DIR=str(spec.logs_dir),
                   CODE_DIR=str(spec.code_dir), AGENT_DIR=str(spec.agent_dir),
                   MLEBENCH_VALIDATION_URL=f"http://127.0.0.1:{port}/validate",
                   MLEBENCH_VALIDATE_SCRIPT=str(spec.validate_script), MLEBENCH_INSTRUCTIONS=str(spec.instructions))
        (spec.runtime_dir / "home").mkdir(exist_ok=True)
        log = open(spec.logs_dir / "agent.log", "ab")
        proc = subprocess.Popen(["/bin/sh", "-c", host_paths(spec, spec.start_command)], cwd=spec.agent_dir, env=env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        log.close()
        return Handle(spec=spec, process=proc, started=time.monotonic())


    def collect(self, handle: Handle) -> Resources:
        if handle.process.poll() is None:
            self.kill(handle, "collected while running")
        return Resources(wall_seconds=time.monotonic() - handle.started, cpu_seconds=None,
                         peak_memory_bytes=None, limits_enforced=False)
