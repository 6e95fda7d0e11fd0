"""Agent configs: ``agents/<id>/config.yaml`` in v1's spirit.

    id: my-agent
    start: python /home/agent/main.py --steps ${{ kwargs.steps }}
    env:
      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}
    kwargs: {steps: 20}
    network: none          # none | llm | full
    llm_endpoint: https://api.openai.com/v1   # where the `llm` policy lets the agent go
    gpus: 0
    requires_env: v1       # the environment profile it imports from (true: the default, `minimal`)

Built-in agents live in ``mlebench/agents/``; users add folders with ``--agent-dir`` or the
``MLEBENCH_AGENTS_PATH`` variable. ``${{ secrets.NAME }}`` is taken from the harness's environment
and is never written to ``run.json``.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlebench.errors import MLEBenchError

BUILTIN_AGENTS = Path(__file__).resolve().parent.parent / "agents"
NETWORK_POLICIES = ("none", "llm", "full")
_PLACEHOLDER = re.compile(r"\$\{\{\s*(secrets|kwargs|env)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class AgentConfig:
    id: str
    folder: Path
    start: str
    env: dict[str, str] = field(default_factory=dict)
    kwargs: dict[str, Any] = field(default_factory=dict)
    network: str = "none"
    llm_endpoint: str | None = None
    gpus: int = 0
    # needs the agent Python environment: true (the default profile) or a profile name (`v1`)
    requires_env: bool | str = False
    description: str = ""

    @classmethod
    def from_folder(cls, folder: Path) -> AgentConfig:
        path = folder / "config.yaml"
        data = yaml.safe_load(path.read_text()) or {}
        if "start" not in data:
            raise MLEBenchError(f"{path}: an agent config needs a 'start' command")
        data.setdefault("id", folder.name)
        if data.get("network", "none") not in NETWORK_POLICIES:
            raise MLEBenchError(f"{path}: network must be one of {', '.join(NETWORK_POLICIES)}")
        known = set(cls.__dataclass_fields__) - {"folder"}
        unknown = set(data) - known
        if unknown:
            raise MLEBenchError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
        data["env"] = {str(k): str(v) for k, v in (data.get("env") or {}).items()}
        req = data.get("requires_env", False)
        if not isinstance(req, (bool, str)) or req == "":
            raise MLEBenchError(f"{path}: requires_env must be true, false or an environment profile name (e.g. v1)")
        return cls(folder=folder.resolve(), **data)

    @classmethod
    def from_command(cls, command: str, *, network: str = "none") -> AgentConfig:
        """An ad-hoc agent from ``--agent-cmd``: just a start command."""
        return cls(id="custom", folder=BUILTIN_AGENTS / "custom", start=command, network=network)

    def env_profile(self) -> str | None:
        """The environment profile the agent needs: None (none needed), the default for ``true``, or its name."""
        if self.requires_env is False:
            return None
        if self.requires_env is True:
            from mlebench.runner.env import DEFAULT_PROFILE

            return DEFAULT_PROFILE
        return str(self.requires_env)

    def with_kwargs(self, overrides: dict[str, Any]) -> AgentConfig:
        return AgentConfig(**{**asdict(self), "folder": self.folder, "kwargs": {**self.kwargs, **overrides}})

    def _expand(self, text: str, secrets: dict[str, str], *, redact: bool) -> str:
        def sub(m: re.Match) -> str:
            kind, name = m.group(1), m.group(2)
            if kind == "kwargs":
                if name not in self.kwargs:
                    raise MLEBenchError(f"agent {self.id}: ${{{{ kwargs.{name} }}}} is not set")
                return str(self.kwargs[name])
            if redact:
                return "***"
            if name not in secrets:
                raise MLEBenchError(f"agent {self.id} needs the environment variable {name} (a secret); set it")
            return secrets[name]

        return _PLACEHOLDER.sub(sub, text)

    def resolved_env(self, environ: dict[str, str] | None = None) -> dict[str, str]:
        """Env vars for the sandbox, secrets filled in from the harness's environment."""
        environ = dict(os.environ if environ is None else environ)
        return {k: self._expand(v, environ, redact=False) for k, v in self.env.items()}

    def resolved_llm_endpoint(self, environ: dict[str, str] | None = None) -> str | None:
        """The endpoint the `llm` policy allows; may name harness env vars (``${{ env.MLEBENCH_LLM_BASE_URL }}``)."""
        if self.llm_endpoint is None:
            return None
        return self._expand(self.llm_endpoint, dict(os.environ if environ is None else environ), redact=False)

    def resolved_start(self) -> str:
        return self._expand(self.start, {}, redact=True) if "secrets." in self.start else self._expand(self.start, {}, redact=False)

    def public_record(self) -> dict[str, Any]:
        """What run.json records: everything but secret values."""
        return {
            "id": self.id,
            "folder": str(self.folder),
            "start": self.start,
            "env": {k: self._expand(v, {}, redact=True) for k, v in self.env.items()},
            "kwargs": self.kwargs,
            "network": self.network,
            "llm_endpoint": self.llm_endpoint,
            "gpus": self.gpus,
            "requires_env": self.requires_env,
        }


def agent_roots(extra: list[Path] | None = None) -> list[Path]:
    roots = [BUILTIN_AGENTS, *(extra or [])]
    roots += [Path(p) for p in os.environ.get("MLEBENCH_AGENTS_PATH", "").split(os.pathsep) if p]
    return roots


def list_agents(extra: list[Path] | None = None) -> dict[str, AgentConfig]:
    found: dict[str, AgentConfig] = {}
    for root in agent_roots(extra):
        if (root / "config.yaml").exists():  # the folder is itself an agent
            conf = AgentConfig.from_folder(root)
            found[conf.id] = conf
            continue
        for cfg in sorted(root.glob("*/config.yaml")) if root.is_dir() else []:
            conf = AgentConfig.from_folder(cfg.parent)
            found[conf.id] = conf
    return found


def get_agent(agent_id: str, extra: list[Path] | None = None) -> AgentConfig:
    agents = list_agents(extra)
    if agent_id in agents:
        return agents[agent_id]
    import difflib

    close = difflib.get_close_matches(agent_id, agents, n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else f" Known agents: {', '.join(sorted(agents))}."
    raise MLEBenchError(f"Unknown agent '{agent_id}'.{hint} Add your own with --agent-dir FOLDER.")
