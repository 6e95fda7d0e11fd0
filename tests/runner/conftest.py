"""Helpers for runner tests: agents written on the fly and run through the real sandbox."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mlebench.runner.agents import AgentConfig
from mlebench.runner.execute import RunSpec, execute_run
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits

COMPETITION = "offline-tabular-binary"


def make_agent(root: Path, name: str, script: str, *, network: str = "none", lang: str = "sh", **extra) -> AgentConfig:
    folder = root / "agents" / name
    folder.mkdir(parents=True, exist_ok=True)
    filename = "main.py" if lang == "python" else "main.sh"
    (folder / filename).write_text(textwrap.dedent(script))
    start = f"python3 /home/agent/{filename}" if lang == "python" else f"sh /home/agent/{filename}"
    lines = [f"id: {name}", f"start: {start}", f"network: {network}"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    (folder / "config.yaml").write_text("\n".join(lines) + "\n")
    return AgentConfig.from_folder(folder)


def run_agent(prepared, tmp_path: Path, agent: AgentConfig, *, limits: Limits | None = None, extra_env=None,
              competition: str = COMPETITION, sandbox: str = "bwrap", group: str = "g",
              sandbox_options: dict | None = None, description: str = "original") -> tuple[dict, Path]:
    comp = prepared.get(competition)
    runs = tmp_path / "runs"
    root = runs / group
    grp = RunGroup(root) if (root / "metadata.json").exists() else RunGroup.create(
        runs, group, {"agent_id": agent.id, "agent": agent.public_record(), "competitions": [competition], "seeds": 1,
                      "data_dir": str(comp.data_dir)})
    key = RunKey(competition, 0)
    spec = RunSpec(group_root=grp.root, key=key, agent=agent, limits=limits or Limits(time_seconds=60),
                   sandbox=sandbox, network=agent.network, data_dir=comp.data_dir, extra_env=extra_env or {},
                   sandbox_options=sandbox_options or {}, description=description)
    record = execute_run(spec)
    return record, grp.run_dir(key)


@pytest.fixture
def tabular(prepared):
    return prepared.get(COMPETITION)
