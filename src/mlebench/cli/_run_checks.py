"""What ``mlebench run`` checks before it creates a run group, and how it reports failed runs afterwards."""

from __future__ import annotations

import re
from pathlib import Path

from mlebench.cli._common import check_writable_dir
from mlebench.errors import MLEBenchError, NotPreparedError
from mlebench.registry import with_data_dir
from mlebench.runner.agents import AgentConfig
from mlebench.runner.rungroup import RunGroup
from mlebench.runner.sandbox import get_backend
from mlebench.runner.sandbox.base import _BACKENDS as SANDBOXES


def parse_gpus(text: str | None) -> list[int]:
    if not text:
        return []
    try:
        ids = [int(g) for g in text.split(",") if g.strip()]
    except ValueError:
        raise MLEBenchError(f"--gpus '{text}': give GPU ids separated by commas, e.g. --gpus 0,1") from None
    if any(i < 0 for i in ids) or len(set(ids)) != len(ids):
        raise MLEBenchError(f"--gpus '{text}': GPU ids must be distinct numbers from 0")
    return ids


def preflight(agent: AgentConfig, *, ids: list[str], data_dir: Path, network: str, gpu_ids: list[int], sandbox: str,
              executor: str, runs_dir: Path) -> None:
    """Raise MLEBenchError for anything that would make every run fail: data not prepared, the agent's
    folder or secrets missing, a GPU request that cannot be met, a sandbox that cannot start here, a
    runs folder that cannot be written."""
    reg = with_data_dir(data_dir)
    for cid in ids:
        if not reg.get_competition(cid).is_prepared():
            raise NotPreparedError(cid, str(data_dir))
    if not agent.folder.is_dir():
        hint = "pass --agent-dir FOLDER (mounted at /home/agent)" if agent.id == "custom" else "restore it or pass --agent-dir"
        raise MLEBenchError(f"agent {agent.id}: its folder {agent.folder} does not exist; {hint}")
    agent.resolved_env()  # a missing secret is named here
    if network == "llm" and not agent.resolved_llm_endpoint():
        raise MLEBenchError(f"agent {agent.id} asks for the llm network policy but sets no llm_endpoint in its config.yaml")
    if agent.gpus > len(gpu_ids):
        raise MLEBenchError(f"agent {agent.id} needs {agent.gpus} GPU(s) per run; pass --gpus with at least that many ids")
    if executor == "local":
        missing = [g for g in gpu_ids if not Path(f"/dev/nvidia{g}").exists()]
        if missing:
            raise MLEBenchError(f"--gpus: no GPU {', '.join(map(str, missing))} on this machine (/dev/nvidia{missing[0]} is missing)")
        get_backend(sandbox)  # unknown name, or its prerequisites missing here
    elif sandbox not in SANDBOXES:  # on a cluster the workers check the sandbox itself
        get_backend(sandbox)
    check_writable_dir(runs_dir, "--runs-dir", "run groups")




def _log_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("agent exited with code")]


def sandbox_error(run_dir: Path, max_lines: int = 3) -> str:
    """The first lines of what went wrong in a run: the sandbox's own complaint (``sandbox.log``, e.g.
    bwrap's), else the end of the agent's output (``logs/agent.log``; for a Python traceback, its last line)."""
    lines = _log_lines(run_dir / "sandbox.log")
    if lines:
        return " | ".join(lines[:max_lines])
    lines = _log_lines(run_dir / "logs" / "agent.log")
    if any(ln.startswith("Traceback") for ln in lines):
        raised = [ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b", ln)]
        return raised[-1] if raised else lines[-1]
    return " | ".join(lines[-max_lines:])


def failed_runs(group: RunGroup) -> list[str]:
    """One line per failed run of the group: its status, reason and the start of its sandbox error."""
    out = []
    for key in group.keys():
        record = group.run_record(key)
        if record is None or not record.status.agent_failure:
            continue
        detail = sandbox_error(group.run_dir(key))
        line = f"{key.run_id}: {record.status.value} ({record.status_reason or 'no reason recorded'})"
        out.append(f"{line}: {detail[:300]}" if detail else line)
    return out
