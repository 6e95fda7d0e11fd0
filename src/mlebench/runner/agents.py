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

``kwargs_type: argparse`` (``--key value``) or ``omegaconf`` (``key=value``) appends the kwargs to the
start command, as v1 passes them to ``start.sh``.

v1's own agent folders load unchanged: their ``config.yaml`` maps agent ids to ``start`` (run as
``bash /home/agent/<its file name>``, like v1), ``env_vars``, ``kwargs``, ``kwargs_type``; ``dockerfile``
is ignored (the agent environment replaces it); our keys (``network``, ``llm_endpoint``, ``gpus``,
``requires_env``, ``description``) may be added to an entry.

Built-in agents live in ``mlebench/agents/``; users add folders with ``--agent-dir`` or the
``MLEBENCH_AGENTS_PATH`` variable. ``${{ secrets.NAME }}`` is taken from the harness's environment
and is never written to ``run.json``.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlebench.errors import MLEBenchError

BUILTIN_AGENTS = Path(__file__).resolve().parent.parent / "agents"
NETWORK_POLICIES = ("none", "llm", "full")
KWARGS_TYPES = ("argparse", "omegaconf")
V1_IGNORED = ("dockerfile",)  # v1 keys with no meaning here
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
    kwargs_type: str | None = None  # argparse | omegaconf: kwargs appended to the start command (v1)

    @classmethod
    def from_folder(cls, folder: Path, agent_id: str | None = None) -> AgentConfig:
        """The folder's agent: for a v1 config of several, ``agent_id``, else the one named like the folder,
        else the first."""
        configs = configs_in_folder(folder)
        if agent_id is not None and not any(c.id == agent_id for c in configs):
            raise MLEBenchError(f"{folder / 'config.yaml'} defines no agent '{agent_id}'")
        wanted = agent_id or folder.name
        return next((c for c in configs if c.id == wanted), configs[0])

    @classmethod
    def from_dict(cls, folder: Path, data: dict[str, Any], path: Path) -> AgentConfig:
        if "start" not in data:
            raise MLEBenchError(f"{path}: an agent config needs a 'start' command")
        data.setdefault("id", folder.name)
        if data.get("kwargs_type") not in (None, *KWARGS_TYPES):
            raise MLEBenchError(f"{path}: kwargs_type must be one of {', '.join(KWARGS_TYPES)}")
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
        start = self._expand(self.start, {}, redact="secrets." in self.start)
        if self.kwargs_type == "argparse":
            start += "".join(f" --{shlex.quote(str(k))} {shlex.quote(str(v))}" for k, v in self.kwargs.items())
        elif self.kwargs_type == "omegaconf":
            start += "".join(f" {shlex.quote(f'{k}={v}')}" for k, v in self.kwargs.items())
        return start

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
            "kwargs_type": self.kwargs_type,
        }


def configs_in_folder(folder: Path) -> list[AgentConfig]:
    """The agents a folder's ``config.yaml`` defines: ours (one) or v1's (a mapping of ids to entries)."""
    path = folder / "config.yaml"
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as e:
        raise MLEBenchError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise MLEBenchError(f"{path}: an agent config is a mapping")
    v1 = {k: v for k, v in data.items() if isinstance(v, dict) and "start" in v}
    if "start" in data or not v1:
        return [AgentConfig.from_dict(folder, data, path)]
    return [AgentConfig.from_dict(folder, _from_v1(str(agent_id), entry, path), path) for agent_id, entry in v1.items()]


def _from_v1(agent_id: str, entry: dict[str, Any], path: Path) -> dict[str, Any]:
    """One entry of v1's config.yaml in our keys: v1 runs ``bash $AGENT_DIR/start.sh`` with the kwargs after it."""
    if entry.get("privileged"):
        raise MLEBenchError(f"{path}: agent {agent_id} asks for a privileged container, which no sandbox here gives")
    data = {k: v for k, v in entry.items() if k not in (*V1_IGNORED, "privileged", "env_vars", "start")}
    data["id"] = agent_id
    data["start"] = f"bash /home/agent/{shlex.quote(Path(str(entry['start'])).name)}"
    data["env"] = {**(entry.get("env_vars") or {}), **(entry.get("env") or {})}
    if data.get("kwargs") and not data.get("kwargs_type"):
        raise MLEBenchError(f"{path}: agent {agent_id} has kwargs but no kwargs_type (argparse or omegaconf), as v1 requires")
    return data


def agent_roots(extra: list[Path] | None = None) -> list[Path]:
    roots = [BUILTIN_AGENTS, *(extra or [])]
    roots += [Path(p) for p in os.environ.get("MLEBENCH_AGENTS_PATH", "").split(os.pathsep) if p]
    return roots


def list_agents(extra: list[Path] | None = None) -> dict[str, AgentConfig]:
    found: dict[str, AgentConfig] = {}
    for root in agent_roots(extra):
        if (root / "config.yaml").exists():  # the folder is itself an agent
            found.update((conf.id, conf) for conf in configs_in_folder(root))
            continue
        for cfg in sorted(root.glob("*/config.yaml")) if root.is_dir() else []:
            for conf in configs_in_folder(cfg.parent):
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
