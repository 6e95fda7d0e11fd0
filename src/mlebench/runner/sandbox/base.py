"""The sandbox contract: ``start(spec) -> handle``, ``wait(handle, timeout)``, ``collect(handle)``, ``kill``.

Inside every sandbox the agent sees v1's layout:

    /home/data/                 public files + description.md (read-only)
    /home/submission/           write submission.csv here
    /home/logs/  /home/code/    the agent's logs and code (kept after the run)
    /home/instructions.txt      the benchmark's rules
    /home/instructions_obfuscated.txt  the same rules without naming a competition or Kaggle (v1's file)
    /home/validate_submission.sh  asks the validation service at http://localhost:5000/validate
    /home/agent/                the agent's own folder: a writable per-run copy (``agent_copy``, in the
                                run's workspace, so within its quota) where the backend supports it,
                                else the folder itself, read-only
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError


@dataclass(frozen=True)
class Limits:
    time_seconds: float
    cpus: float | None = None
    memory_bytes: int | None = None
    pids: int = 2048
    disk_bytes: int = 20 * 1024**3
    gpus: tuple[int, ...] = ()


@dataclass(frozen=True)
class SandboxSpec:
    """Everything a backend needs to start one run."""

    run_id: str
    public_dir: Path
    submission_dir: Path
    logs_dir: Path
    code_dir: Path
    instructions: Path
    validate_script: Path
    agent_dir: Path
    start_command: str
    env: dict[str, str]
    limits: Limits
    network: str  # none | llm | full
    runtime_dir: Path  # harness-private folder: sockets, entry script, forwarder
    validation_socket: Path
    llm_socket: Path | None = None
    python_env: Path | None = None  # the agent's venv (bound at /opt/mlebench-env)
    agent_copy: Path | None = None  # the run's writable copy of agent_dir (in the workspace), bound at /home/agent
    instructions_obfuscated: Path | None = None  # bound at /home/instructions_obfuscated.txt
    description: Path | None = None  # bound over /home/data/description.md (e.g. the obfuscated one)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Handle:
    spec: SandboxSpec
    process: Any
    started: float
    cgroups: Any = None
    backend_state: dict = field(default_factory=dict)
    exit_code: int | None = None
    killed_reason: str | None = None


@dataclass(frozen=True)
class Resources:
    wall_seconds: float
    cpu_seconds: float | None
    peak_memory_bytes: int | None
    limits_enforced: bool
    oom_killed: bool = False
    pids_limit_hit: bool = False
    limits_changed: list[str] = field(default_factory=list)  # cgroup limits found changed after the run


class SandboxBackend(ABC):
    """A way to run an untrusted agent. Methods raise ``MLEBenchError`` when the backend cannot work here."""

    name: str = ""
    writable_agent_dir: bool = False  # binds SandboxSpec.agent_copy (the run's copy of the agent folder) read-write

    @abstractmethod
    def check(self) -> None:
        """Raise MLEBenchError with the fix when the backend's prerequisites are missing."""

    @abstractmethod
    def start(self, spec: SandboxSpec) -> Handle:
        """Start the agent; returns at once."""

    @abstractmethod
    def wait(self, handle: Handle, timeout: float) -> int | None:
        """Wait up to ``timeout`` seconds; the exit code, or None if still running."""

    @abstractmethod
    def kill(self, handle: Handle, reason: str) -> None:
        """Kill the whole process tree of the run."""

    @abstractmethod
    def collect(self, handle: Handle) -> Resources:
        """Release the sandbox and report resource use (call once, after it ended)."""


class ProcessSandbox(SandboxBackend):
    """A backend whose sandbox is one host process group (bwrap, none): waiting and killing are shared."""

    def wait(self, handle: Handle, timeout: float) -> int | None:
        try:
            handle.exit_code = handle.process.wait(timeout=max(timeout, 0))
        except subprocess.TimeoutExpired:
            return None
        return handle.exit_code

    def kill(self, handle: Handle, reason: str) -> None:
        handle.killed_reason = handle.killed_reason or reason
        try:
            os.killpg(handle.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if handle.cgroups is not None:
            handle.cgroups.kill_all()
        try:
            handle.exit_code = handle.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass


_BACKENDS: dict[str, str | type[SandboxBackend]] = {
    "bwrap": "mlebench.runner.sandbox.bwrap:BwrapBackend",
    "none": "mlebench.runner.sandbox.none:NoSandboxBackend",
    "docker": "mlebench.runner.sandbox.docker:DockerBackend",
}


def register_backend(name: str, target: str | type[SandboxBackend]) -> None:
    if name in _BACKENDS:
        raise ValueError(f"sandbox backend '{name}' is already registered")
    _BACKENDS[name] = target


def get_backend(name: str, **options: Any) -> SandboxBackend:
    if name not in _BACKENDS:
        raise MLEBenchError(f"Unknown sandbox '{name}'. Choose one of: {', '.join(_BACKENDS)}")
    target = _BACKENDS[name]
    if isinstance(target, str):
        module, _, attr = target.partition(":")
        try:
            target = getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as e:
            raise MLEBenchError(f"sandbox '{name}' is not available in this installation ({e.name} missing)") from None
    backend = target(**options)
    backend.check()
    return backend
