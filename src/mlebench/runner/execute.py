"""Running one (competition, seed) of a run group, start to finish, in a sandbox."""

from __future__ import annotations

import os
import platform
import shutil
import stat
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mlebench import __version__
from mlebench.registry import with_data_dir
from mlebench.runner.agents import AgentConfig
from mlebench.runner.llm_proxy import LLMProxy
from mlebench.runner.rungroup import RunGroup, RunKey, now
from mlebench.runner.sandbox import Limits, SandboxSpec, get_backend
from mlebench.runner.validation import ValidationService

HERE = Path(__file__).parent
MAX_SUBMISSION_BYTES = 2 * 1024**3
MAX_COPIED_BYTES = 1024**3  # logs + code copied out of a run


@dataclass(frozen=True)
class RunSpec:
    """One run, as the executor hands it to a worker (picklable, for Ray too)."""

    group_root: Path
    key: RunKey
    agent: AgentConfig
    limits: Limits
    sandbox: str
    network: str
    data_dir: Path
    python_env: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)


def hardware_description(limits: Limits) -> str:
    cpus = limits.cpus or os.cpu_count()
    mem = f"{limits.memory_bytes / 1024**3:.0f} GiB RAM" if limits.memory_bytes else "unlimited RAM"
    gpus = f"{len(limits.gpus)} GPU(s)" if limits.gpus else "no GPU"
    return f"{cpus} CPUs, {mem}, {gpus}"


def _dir_bytes(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


def _copy_out(src: Path, dst: Path, budget: int) -> list[str]:
    """Copy regular files only (no links, FIFOs, devices) within a byte budget; returns what was skipped."""
    skipped: list[str] = []
    dst.mkdir(parents=True, exist_ok=True)
    for root, dirs, files in os.walk(src):
        rel = Path(root).relative_to(src)
        for name in files:
            p = Path(root) / name
            st = os.lstat(p)
            if not stat.S_ISREG(st.st_mode):
                skipped.append(f"{rel / name} (not a regular file)")
                continue
            if st.st_size > budget:
                skipped.append(f"{rel / name} (over the size budget)")
                continue  # a smaller file later may still fit
            (dst / rel).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dst / rel / name, follow_symlinks=False)
            budget -= st.st_size
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
    return skipped


def collect_submission(workspace: Path, run_dir: Path) -> dict[str, Any]:
    src = workspace / "submission" / "submission.csv"
    out = run_dir / "submission"
    out.mkdir(parents=True, exist_ok=True)
    try:
        st = os.lstat(src)
    except FileNotFoundError:
        return {"exists": False, "reason": "no /home/submission/submission.csv at the end of the run"}
    if not stat.S_ISREG(st.st_mode):
        return {"exists": False, "reason": "submission.csv is not a regular file (link, FIFO or device); not copied"}
    if st.st_size > MAX_SUBMISSION_BYTES:
        return {"exists": False, "reason": f"submission.csv is {st.st_size} bytes, over the {MAX_SUBMISSION_BYTES} limit"}
    shutil.copyfile(src, out / "submission.csv", follow_symlinks=False)
    return {"exists": True, "bytes": st.st_size}


def execute_run(spec: RunSpec, on_state: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the agent on one competition in a sandbox; write and return ``run.json``."""
    group = RunGroup(spec.group_root)
    key = spec.key
    run_dir = group.run_dir(key)
    competition = with_data_dir(spec.data_dir).get_competition(key.competition_id)
    if run_dir.exists():  # an unfinished earlier attempt: start clean
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    record: dict[str, Any] = {
        "run_id": key.run_id,
        "competition_id": key.competition_id,
        "competition_version": competition.version,
        "seed": key.seed,
        "status": "running",
        "started_at": now(),
        "sandbox": spec.sandbox,
        "network": spec.network,
        "limits": {"time_seconds": spec.limits.time_seconds, "cpus": spec.limits.cpus,
                   "memory_bytes": spec.limits.memory_bytes, "pids": spec.limits.pids,
                   "disk_bytes": spec.limits.disk_bytes, "gpus": list(spec.limits.gpus)},
        "hardware": {"description": hardware_description(spec.limits), "host": platform.node(),
                     "machine": platform.machine(), "cpu_count": os.cpu_count()},
        "agent": spec.agent.public_record(),
        "versions": {"mlebench": __version__, "python": platform.python_version()},
    }
    group.write_run_record(key, record)
    if on_state:
        on_state("running")

    workspace = run_dir / ".workspace"
    for sub in ("submission", "logs", "code"):
        (workspace / sub).mkdir(parents=True)
    runtime = Path(tempfile.mkdtemp(prefix="mlb-", dir="/tmp"))  # short path: Unix sockets allow ~100 chars
    sock_dir = runtime / "sock"
    sock_dir.mkdir()
    rt = runtime / "rt"
    rt.mkdir()
    for d in (runtime, sock_dir, rt):
        d.chmod(0o755)
    sock_dir.chmod(0o777)
    backend = get_backend(spec.sandbox)
    env = {**spec.agent.resolved_env(), **spec.extra_env}
    if spec.network == "llm" and spec.agent.llm_endpoint:
        env.setdefault("MLEBENCH_LLM_ENDPOINT", spec.agent.resolved_llm_endpoint() or "")
    sbx = SandboxSpec(
        run_id=f"{group.name}.{key.run_id}",
        public_dir=competition.public_dir, submission_dir=workspace / "submission", logs_dir=workspace / "logs",
        code_dir=workspace / "code", instructions=HERE / "instructions.txt", validate_script=HERE / "validate_submission.sh",
        agent_dir=spec.agent.folder, start_command=spec.agent.resolved_start(), env=env, limits=spec.limits,
        network=spec.network, runtime_dir=rt, validation_socket=sock_dir / "validate.sock",
        llm_socket=sock_dir / "llm.sock" if spec.network == "llm" else None, python_env=spec.python_env,
        extra={"competition_id": competition.id, "hardware": hardware_description(spec.limits),
               "sandbox_log": run_dir / "sandbox.log"},
    )
    proxy = None
    try:
        with ValidationService(competition, sbx.validation_socket) as validation:
            if spec.network == "llm":
                endpoint = spec.agent.resolved_llm_endpoint()
                if not endpoint:
                    raise RuntimeError(f"agent {spec.agent.id} asks for the llm network policy but sets no llm_endpoint")
                record["llm_endpoint"] = endpoint
                proxy = LLMProxy(endpoint, sbx.llm_socket).__enter__()
            handle = backend.start(sbx)
            status, reason = _supervise(backend, handle, workspace, spec.limits)
            resources = backend.collect(handle)
            record["validation"] = validation.stats
        if proxy is not None:
            record["llm_proxy"] = proxy.stats
        if resources.oom_killed and status == "failed":
            status, reason = "oom", "killed by the out-of-memory killer at the memory limit"
        if resources.pids_limit_hit and status == "failed":
            status, reason = "pids_limit", "process limit reached"
        record.update(
            status=status, status_reason=reason, exit_code=handle.exit_code,
            wall_seconds=round(resources.wall_seconds, 3), cpu_seconds=resources.cpu_seconds,
            peak_memory_mb=round(resources.peak_memory_bytes / 1024**2, 1) if resources.peak_memory_bytes else None,
            limits_enforced=resources.limits_enforced,
        )
        record["submission"] = collect_submission(workspace, run_dir)
        budget = min(MAX_COPIED_BYTES, spec.limits.disk_bytes)  # a run's kept folders never exceed its quota
        skipped = _copy_out(workspace / "logs", run_dir / "logs", budget)
        skipped += _copy_out(workspace / "code", run_dir / "code", budget - _dir_bytes(run_dir / "logs"))
        if skipped:
            record["not_copied"] = skipped[:50]
        record["usage"] = _read_usage(run_dir / "logs" / "usage.json")
    except Exception as e:  # a harness-side failure: the run is marked for retry, not blamed on the agent
        record.update(status="error", status_reason=f"harness error: {type(e).__name__}: {e}")
        raise
    finally:
        if proxy is not None:
            proxy.__exit__(None, None, None)
        record["ended_at"] = now()
        group.write_run_record(key, record)
        shutil.rmtree(workspace, ignore_errors=True)
        shutil.rmtree(runtime, ignore_errors=True)
    return record


def _supervise(backend, handle, workspace: Path, limits: Limits) -> tuple[str, str | None]:
    """Wait for the agent, enforcing the wall-clock time and the disk quota of its folders."""
    deadline = time.monotonic() + limits.time_seconds
    over_disk = threading.Event()

    def watch_disk() -> None:
        while handle.process.poll() is None:
            if _dir_bytes(workspace) > limits.disk_bytes:
                over_disk.set()
                backend.kill(handle, "disk quota exceeded")
                return
            time.sleep(0.5)

    threading.Thread(target=watch_disk, daemon=True).start()
    while True:
        code = backend.wait(handle, min(1.0, max(0.0, deadline - time.monotonic())))
        if code is not None:
            break
        if time.monotonic() >= deadline:
            backend.kill(handle, "time limit reached")
            return "timeout", f"killed at the time limit of {limits.time_seconds:.0f}s"
    if over_disk.is_set():
        return "disk_limit", f"killed: its folders grew past {limits.disk_bytes} bytes"
    if handle.exit_code == 0:
        return "succeeded", None
    return "failed", f"agent exited with code {handle.exit_code}"


def _read_usage(path: Path) -> dict[str, Any] | None:
    """Tokens and cost an LLM agent reports in /home/logs/usage.json (self-reported)."""
    import json

    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    keep = ("prompt_tokens", "completion_tokens", "total_tokens", "cost_usd", "model", "calls")
    return {k: data[k] for k in keep if k in data} if isinstance(data, dict) else None
