"""Running one (competition, seed) of a run group, start to finish, in a sandbox."""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlebench import __version__
from mlebench.errors import MLEBenchError
from mlebench.grading.submission import MAX_SUBMISSION_BYTES
from mlebench.registry import with_data_dir
from mlebench.runner import env
from mlebench.runner.agents import AgentConfig
from mlebench.runner.hardware import host_hardware
from mlebench.runner.llm_proxy import LLMProxy
from mlebench.runner.records import (
    RECORD_SCHEMA_VERSION,
    HardwareRecord,
    LimitsRecord,
    RunRecord,
    RunStatus,
    SnapshotRecord,
    SubmissionRecord,
    VersionsRecord,
)
from mlebench.runner.rungroup import RunGroup, RunKey, now
from mlebench.runner.sandbox import Limits, SandboxSpec, get_backend
from mlebench.runner.sandbox._common import memory_limit
from mlebench.runner.snapshots import DEFAULT_INTERVAL, SnapshotWatcher
from mlebench.runner.usage import read_usage
from mlebench.runner.validation import MAX_BODY, ValidationService
from mlebench.runner.workspace import Bounds, copy_agent, copy_out, measure, remove_tree

HERE = Path(__file__).parent
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
    profile: str | None = None  # the environment profile of python_env (None: the one its marker records)
    sandbox_options: dict[str, Any] = field(default_factory=dict)  # backend options, e.g. docker's keep_containers
    snapshot_interval: float = DEFAULT_INTERVAL  # seconds between kept versions of the submission
    snapshot_quota: int | None = None  # bytes those may take (None: the run's disk quota)
    description: str = "original"  # original | obfuscated: the description.md (and instructions) the agent gets


def hardware_description(limits: Limits) -> str:
    cpus = limits.cpus or os.cpu_count()
    mem = f"{memory_limit(limits) / 1024**3:.0f} GiB RAM"
    gpus = f"{len(limits.gpus)} GPU(s)" if limits.gpus else "no GPU"
    return f"{cpus} CPUs, {mem}, {gpus}"


def _lock_record(python_env: Path | None) -> dict[str, Any]:
    """Which locks the run's software came from: the harness lock's hash and the agent env's own
    record of the lock it was built from (the env may have been built before a lock change)."""
    record: dict[str, Any] = {"harness": env.lock_hashes()["harness"], "agent_env": None}
    if python_env is not None:
        try:
            info = json.loads((python_env / env.MARKER).read_text())
            record["agent_env"] = info.get("requirements_sha")
            record["agent_env_file"] = info.get("requirements_file")
        except (OSError, ValueError, AttributeError):
            pass
    return record


def _env_profile(spec: RunSpec) -> str | None:
    """The run's environment profile: the spec's, else the one its venv's marker records."""
    if spec.profile is not None or spec.python_env is None:
        return spec.profile
    try:
        return json.loads((Path(spec.python_env) / env.MARKER).read_text()).get("profile")
    except (OSError, ValueError, AttributeError):
        return None


def instructions_text(profile: str | None, python_env: Path | None, name: str = "instructions.txt") -> str:
    """instructions.txt (or ``name``) as the agent reads it: the rules, then the Python packages it can import."""
    text = (HERE / name).read_text().rstrip("\n") + "\n\nPython packages\n"
    if python_env is None:
        return text + ("- `python` here is the system's Python 3: only its standard library is sure to be there;\n"
                       "  no agent environment is mounted in this run.\n")
    try:
        packages = env.top_level_packages(profile) if profile else {}
    except (MLEBenchError, OSError):
        packages = {}
    if not packages:
        return text + "- `python` is the agent environment (/opt/mlebench-env); its packages are not listed here.\n"
    listed = "\n".join(f"      {name}=={version}" for name, version in sorted(packages.items()))
    return text + (f"- `python` is the agent environment (profile {profile}), with these packages installed\n"
                   f"  (and their dependencies):\n{listed}\n")


def collect_submission(workspace: Path, run_dir: Path) -> SubmissionRecord:
    """Copy the agent's submission.csv out of its workspace if it is a regular file within the size limit grading applies."""
    src = workspace / "submission" / "submission.csv"
    out = run_dir / "submission"
    out.mkdir(parents=True, exist_ok=True)
    try:
        st = os.lstat(src)
    except FileNotFoundError:
        return SubmissionRecord(exists=False, reason="no /home/submission/submission.csv at the end of the run")
    if not stat.S_ISREG(st.st_mode):
        return SubmissionRecord(exists=False,
                                reason="submission.csv is not a regular file (link, FIFO or device); not copied")
    if st.st_size > MAX_SUBMISSION_BYTES:
        return SubmissionRecord(exists=False,
                                reason=f"submission.csv is {st.st_size} bytes, over the {MAX_SUBMISSION_BYTES} limit")
    shutil.copyfile(src, out / "submission.csv", follow_symlinks=False)
    return SubmissionRecord(exists=True, bytes=st.st_size)


def execute_run(spec: RunSpec, on_state: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the agent on one competition in a sandbox; write ``run.json`` and return it as written (a JSON object)."""
    group = RunGroup(spec.group_root)
    key = spec.key
    run_dir = group.run_dir(key)
    competition = with_data_dir(spec.data_dir).get_competition(key.competition_id)
    if run_dir.exists():  # an unfinished earlier attempt: start clean (its workspace may be any shape)
        remove_tree(run_dir)
    run_dir.mkdir(parents=True)
    record = RunRecord(
        run_id=key.run_id, competition_id=key.competition_id, competition_version=competition.version, seed=key.seed,
        status=RunStatus.running, schema_version=RECORD_SCHEMA_VERSION, started_at=now(), sandbox=spec.sandbox,
        network=spec.network, limits=LimitsRecord.applied(spec.limits, memory_limit(spec.limits)),
        hardware=_hardware_record(spec.limits),
        agent=spec.agent.public_record(),
        versions=VersionsRecord(mlebench=__version__, python=platform.python_version(),
                                locks=_lock_record(spec.python_env), profile=_env_profile(spec)),
        description=spec.description,
    )
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
    for d in (runtime, rt):
        d.chmod(0o755)
    sock_dir.chmod(0o700)  # the harness's alone: a backend binds each socket, never their folder
    instructions = runtime / "instructions.txt"  # copied into the sandbox by each backend
    obfuscated = runtime / "instructions_obfuscated.txt"  # v1's second file; the one given with --obfuscated-descriptions
    for path, name in ((instructions, "instructions.txt"), (obfuscated, "instructions_obfuscated.txt")):
        path.write_text(instructions_text(_env_profile(spec), spec.python_env, name))
        path.chmod(0o644)
    if spec.description == "obfuscated":
        instructions = obfuscated
    bounds = Bounds.for_quota(spec.limits.disk_bytes)
    proxy = None
    watcher = SnapshotWatcher(workspace / "submission", run_dir, interval=spec.snapshot_interval,
                              quota=spec.limits.disk_bytes if spec.snapshot_quota is None else spec.snapshot_quota)
    try:
        backend = get_backend(spec.sandbox, **spec.sandbox_options)
        agent_copy = workspace / "agent" if backend.writable_agent_dir else None
        for skipped in copy_agent(spec.agent.folder, agent_copy, bounds) if agent_copy else []:
            record.add_note(f"agent folder: {skipped} not copied")
        env = {**spec.agent.resolved_env(), **spec.extra_env}
        if spec.network == "llm" and spec.agent.llm_endpoint:
            env.setdefault("MLEBENCH_LLM_ENDPOINT", spec.agent.resolved_llm_endpoint() or "")
        sbx = SandboxSpec(
            run_id=f"{group.name}.{key.run_id}",
            public_dir=competition.public_dir, submission_dir=workspace / "submission", logs_dir=workspace / "logs",
            code_dir=workspace / "code", instructions=instructions,
            validate_script=HERE / "validate_submission.sh", agent_dir=spec.agent.folder, agent_copy=agent_copy,
            instructions_obfuscated=obfuscated,
            description=competition.folder / "description_obfuscated.md" if spec.description == "obfuscated" else None,
            start_command=spec.agent.resolved_start(), env=env, limits=spec.limits, network=spec.network,
            runtime_dir=rt, validation_socket=sock_dir / "validate.sock",
            llm_socket=sock_dir / "llm.sock" if spec.network == "llm" else None, python_env=spec.python_env,
            extra={"competition_id": competition.id, "hardware": hardware_description(spec.limits),
                   "sandbox_log": run_dir / "sandbox.log"},
        )
        # a request body is never larger than a submission the run could keep
        with ValidationService(competition, sbx.validation_socket, max_body=min(MAX_BODY, spec.limits.disk_bytes),
                               spool=runtime / "spool") as validation:
            if spec.network == "llm":
                endpoint = spec.agent.resolved_llm_endpoint()
                if not endpoint:
                    raise RuntimeError(f"agent {spec.agent.id} asks for the llm network policy but sets no llm_endpoint")
                record.llm_endpoint = endpoint
                proxy = LLMProxy(endpoint, sbx.llm_socket).__enter__()
            watcher.start()
            handle = backend.start(sbx)
            status, reason = _supervise(backend, handle, workspace, spec.limits, bounds)
            _keep_snapshots(watcher, record)
            resources = backend.collect(handle)
            record.validation = validation.stats
        if proxy is not None:
            record.llm_proxy = proxy.stats
        if resources.oom_killed and status == "failed":
            status, reason = "oom", "killed by the out-of-memory killer at the memory limit"
        if resources.pids_limit_hit and status == "failed":
            status, reason = "pids_limit", "process limit reached"
        if status == "failed" and handle.exit_code in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ):
            status, reason = "disk_limit", f"a file reached the size limit of {spec.limits.disk_bytes} bytes (SIGXFSZ)"
        if status in ("succeeded", "failed") and (over := measure(workspace, bounds).exceeded):
            status, reason = "disk_limit", f"over its disk quota at the end: {over}"
        record.status, record.status_reason, record.exit_code = RunStatus(status), reason, handle.exit_code
        record.wall_seconds = round(resources.wall_seconds, 3)
        record.cpu_seconds = resources.cpu_seconds
        record.peak_memory_mb = (round(resources.peak_memory_bytes / 1024**2, 1) if resources.peak_memory_bytes
                                 else None)
        record.limits_enforced = resources.limits_enforced
        record.limits_changed = list(getattr(resources, "limits_changed", []) or [])
        record.submission = collect_submission(workspace, run_dir)
        over = _copy_out_folders(workspace, run_dir, bounds, record)
        if over and record.status in (RunStatus.succeeded, RunStatus.failed):
            record.status, record.status_reason = RunStatus.disk_limit, f"not all of its folders could be kept: {over}"
        notes: list[str] = []
        record.usage = read_usage(run_dir / "logs" / "usage.json", notes)
        for note in notes:
            record.add_note(note)
    except Exception as e:  # a harness-side failure: the run is marked for retry, not blamed on the agent
        record.status, record.status_reason = RunStatus.error, f"harness error: {type(e).__name__}: {e}"
        raise
    finally:
        watcher.stop()  # idempotent: a harness error must not leave the thread behind
        if proxy is not None:
            proxy.__exit__(None, None, None)
        for folder in (workspace, runtime):
            try:
                remove_tree(folder)
            except OSError as e:  # recorded; the run's own outcome stands
                record.add_note(f"could not remove {folder}: {e}")
        record.ended_at = now()
        group.write_run_record(key, record)
    return record.to_json()


def _hardware_record(limits: Limits) -> HardwareRecord:
    host = host_hardware()
    return HardwareRecord(description=hardware_description(limits), host=platform.node(), machine=platform.machine(),
                          cpu_count=os.cpu_count(), cpu_model=host.cpu_model, ram_bytes=host.ram_bytes,
                          gpu_model=host.gpu_model, gpu_count=host.gpu_count)


def _keep_snapshots(watcher: SnapshotWatcher, record: RunRecord) -> None:
    """Stop watching (keeping the final version) and record the kept snapshots and any notes."""
    record.snapshots = [SnapshotRecord(**s.to_json()) for s in watcher.stop()]
    for note in watcher.notes:
        record.add_note(note)


def _copy_out_folders(workspace: Path, run_dir: Path, bounds: Bounds, record: RunRecord) -> str | None:
    """Keep the agent's logs and code within the run's bounds; which bound was crossed, if one was."""
    budget = Bounds(bytes=min(MAX_COPIED_BYTES, bounds.bytes), files=bounds.files, depth=bounds.depth)
    (run_dir / "code").mkdir(exist_ok=True)
    skipped, over = copy_out(workspace / "logs", run_dir / "logs", budget)
    if over is None:
        kept = measure(run_dir / "logs", budget)
        rest = Bounds(bytes=max(0, budget.bytes - kept.bytes), files=max(0, budget.files - kept.files),
                      depth=budget.depth)
        more, over = copy_out(workspace / "code", run_dir / "code", rest)
        skipped += more
    if skipped:
        record.not_copied = skipped[:50]
    return over


def _supervise(backend, handle, workspace: Path, limits: Limits, bounds: Bounds) -> tuple[str, str | None]:
    """Wait for the agent, enforcing the wall-clock time and the disk quota (bytes, files, depth) of its folders."""
    deadline = time.monotonic() + limits.time_seconds
    over_disk: list[str] = []

    def watch_disk() -> None:
        while handle.process.poll() is None:
            started = time.monotonic()
            try:
                over = measure(workspace, bounds).exceeded
            except OSError:  # a folder vanished under the walk: look again next time
                over = None
            if over:
                over_disk.append(over)
                backend.kill(handle, "disk quota exceeded")
                return
            time.sleep(max(0.5, 2 * (time.monotonic() - started)))  # the walk never takes most of a CPU

    threading.Thread(target=watch_disk, daemon=True).start()
    while True:
        code = backend.wait(handle, min(1.0, max(0.0, deadline - time.monotonic())))
        if code is not None:
            break
        if time.monotonic() >= deadline:
            backend.kill(handle, "time limit reached")
            return "timeout", f"killed at the time limit of {limits.time_seconds:.0f}s"
    if over_disk:
        return "disk_limit", f"killed: {over_disk[0]}"
    if handle.exit_code == 0:
        return "succeeded", None
    return "failed", f"agent exited with code {handle.exit_code}"
