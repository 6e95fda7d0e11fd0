"""Starting and resuming a run group: the library behind ``mlebench run``.

``start_group(runs_dir, name, plan)`` creates the group from a :class:`GroupPlan` (what to run, where,
under which limits); ``resume_group(runs_dir, name)`` rebuilds the plan from the group's own
``metadata.json``: the same agent, limits, sandbox, data dir and agent environment profile as when it
started, whatever today's defaults are. Both return a :class:`GroupRun` whose ``run`` executes the
unfinished runs (and grades each as it finishes) and whose ``grade`` writes the group's report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError
from mlebench.grading.report import CompetitionReport
from mlebench.runner import env as agent_env
from mlebench.runner.agents import AgentConfig, get_agent
from mlebench.runner.execute import RunSpec
from mlebench.runner.snapshots import DEFAULT_INTERVAL
from mlebench.runner.executor import Event, get_executor
from mlebench.runner.grading import grade_group, grade_run
from mlebench.runner.records import GroupMetadata, LimitsRecord
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits


@dataclass
class GroupPlan:
    """What a run group runs: recorded in its ``metadata.json``, read back on resume."""

    agent: AgentConfig
    competitions: list[str]
    seeds: int
    limits: Limits
    sandbox: str
    network: str
    data_dir: Path
    executor: str = "local"
    concurrency: int | None = None
    gpu_ids: list[int] = field(default_factory=list)
    profile: str | None = None  # the agent environment's profile (None: the sandbox's own Python)
    python_env: Path | None = None  # that environment's venv
    snapshot_interval: float | None = None  # seconds between kept submission snapshots (None: the default)
    snapshot_quota: int | None = None  # bytes a run's snapshots may take (None: the run's disk quota)
    description: str = "original"  # original | obfuscated: which description.md the agent gets

    def metadata(self) -> GroupMetadata:
        return GroupMetadata(
            agent_id=self.agent.id, agent=self.agent.public_record(), competitions=list(self.competitions),
            seeds=self.seeds, limits=LimitsRecord.asked(self.limits), sandbox=self.sandbox, network=self.network,
            data_dir=str(self.data_dir), executor=self.executor, concurrency=self.concurrency,
            gpu_ids=list(self.gpu_ids), env_profile=self.profile, snapshot_interval=self.snapshot_interval,
            snapshot_quota=self.snapshot_quota, description=self.description)


def agent_environment(agent: AgentConfig, *, echo: Callable[[str], Any] = print) -> tuple[str | None, Path | None]:
    """The environment profile a new run of the agent uses and its venv: ``(None, None)`` when it needs
    none and the default one is not built (the sandbox's own Python then). The default profile is
    built here if missing (small, seconds); any other profile must have been built by the user —
    MLEBenchError naming the command otherwise, before any run group exists."""
    profile = agent.env_profile()
    if profile is None:
        env_dir = agent_env.default_env_dir()
        built = agent_env.is_built(env_dir, agent_env.lock_file())
        return (agent_env.DEFAULT_PROFILE, env_dir) if built else (None, None)
    try:
        agent_env.lock_file(profile)
    except MLEBenchError as e:
        raise MLEBenchError(f"agent {agent.id}: requires_env: {e}") from None
    return profile, _built_env(profile, f"agent {agent.id} needs", echo)


def _built_env(profile: str, who: str, echo: Callable[[str], Any]) -> Path:
    """The venv of ``profile``, building the default one if missing; MLEBenchError naming the command for another."""
    lock = agent_env.lock_file(profile)
    env_dir = agent_env.default_env_dir(profile)
    if agent_env.is_built(env_dir, lock):
        return env_dir
    if profile != agent_env.DEFAULT_PROFILE:
        raise MLEBenchError(f"{who} the '{profile}' environment: mlebench env build --profile {profile}")
    echo("the agent needs the agent Python environment; building it once (mlebench env build) …")
    return agent_env.build(env_dir, lock, echo=echo, profile=profile)


def _agent_from_metadata(meta: GroupMetadata, agent_dirs: list[Path]) -> AgentConfig:
    rec = meta.agent
    if not rec:
        raise MLEBenchError("the run group's metadata.json records no agent; it cannot be resumed")
    if rec["id"] == "custom":
        return AgentConfig.from_command(rec["start"], network=rec["network"])
    folder = Path(rec["folder"])
    agent = AgentConfig.from_folder(folder, rec["id"]) if (folder / "config.yaml").exists() else get_agent(rec["id"], agent_dirs)
    return agent.with_kwargs(rec.get("kwargs") or {})


def _stored_profile(group: RunGroup, meta: GroupMetadata) -> tuple[bool, str | None]:
    """``(known, profile)``: the environment profile the group ran in, from its metadata or else a run's record."""
    if "env_profile" in meta.model_fields_set:
        return True, meta.env_profile
    for key in group.keys():
        record = group.run_record(key)
        if record is not None and record.versions is not None and "profile" in record.versions.model_fields_set:
            return True, record.versions.profile
    return False, None


def _plan_from_metadata(group: RunGroup, agent_dirs: list[Path], echo: Callable[[str], Any]) -> GroupPlan:
    meta = group.metadata
    if meta.limits is None or meta.data_dir is None or meta.network is None:
        raise MLEBenchError(f"{group.root / 'metadata.json'} lacks its limits, data_dir or network; it cannot be resumed")
    agent = _agent_from_metadata(meta, agent_dirs)
    known, profile = _stored_profile(group, meta)
    if not known:  # a group written without the profile: what a new run of its agent would use
        profile, python_env = agent_environment(agent, echo=echo)
    else:
        python_env = _built_env(profile, f"run group {group.name} ran in", echo) if profile else None
    return GroupPlan(agent=agent, competitions=list(meta.competitions), seeds=meta.seeds, limits=meta.limits.to_limits(),
                     sandbox=meta.sandbox, network=meta.network, data_dir=Path(meta.data_dir), executor=meta.executor,
                     concurrency=meta.concurrency, gpu_ids=list(meta.gpu_ids), profile=profile, python_env=python_env,
                     snapshot_interval=meta.snapshot_interval, snapshot_quota=meta.snapshot_quota,
                     description=meta.description)


@dataclass
class GroupRun:
    """A run group about to run: its unfinished runs, executed by ``run``, graded by ``grade``."""

    group: RunGroup
    plan: GroupPlan
    keep_containers: bool = False
    ray_address: str | None = None

    def pending(self) -> list[RunKey]:
        return self.group.pending()

    def specs(self) -> list[RunSpec]:
        p = self.plan
        options = {"keep_containers": True} if self.keep_containers and p.sandbox == "docker" else {}
        interval = DEFAULT_INTERVAL if p.snapshot_interval is None else p.snapshot_interval
        return [RunSpec(group_root=self.group.root.resolve(), key=k, agent=p.agent, limits=p.limits, sandbox=p.sandbox,
                        network=p.network, data_dir=p.data_dir, python_env=p.python_env, profile=p.profile,
                        sandbox_options=options, description=p.description, snapshot_interval=interval,
                        snapshot_quota=p.snapshot_quota) for k in self.pending()]

    def run(self, on_event: Event, *, grade: bool = True,
            on_graded: Callable[[RunKey, CompetitionReport], None] | None = None) -> list[str]:
        """Execute the unfinished runs (grading each as it finishes unless ``grade`` is false); the harness
        errors, one line per run that hit one (those runs stay unfinished for a resume)."""
        p = self.plan
        exe = get_executor(p.executor, concurrency=p.concurrency, gpus=p.gpu_ids, ray_address=self.ray_address)
        errors = []
        for spec, _record, error in exe.run(self.specs(), on_event):
            if error:
                errors.append(f"{spec.key.run_id}: {error}")
            elif grade:
                report = grade_run(self.group, spec.key, p.data_dir, agent_id=p.agent.id)
                if on_graded is not None:
                    on_graded(spec.key, report)
        return errors

    def grade(self, *, jobs: int | None = None) -> tuple[Path, dict[str, Any]]:
        """Grade every run of the group (``jobs`` processes, default: the cores, at most 4; the reports do not
        depend on it); the path of ``grading_report.json`` and the report."""
        return grade_group(self.group, self.plan.data_dir, jobs=jobs or min(4, os.cpu_count() or 1))


def start_group(runs_dir: Path, name: str, plan: GroupPlan, *, keep_containers: bool = False,
                ray_address: str | None = None) -> GroupRun:
    """Create the run group ``runs_dir/name`` for ``plan`` (MLEBenchError if it exists or the name is not allowed)."""
    group = RunGroup.create(runs_dir, name, plan.metadata())
    return GroupRun(group, plan, keep_containers=keep_containers, ray_address=ray_address)


def resume_group(runs_dir: Path, name: str, *, agent_dirs: list[Path] | None = None, concurrency: int | None = None,
                 keep_containers: bool = False, ray_address: str | None = None,
                 echo: Callable[[str], Any] = print) -> GroupRun:
    """Open the run group ``runs_dir/name`` to rerun its unfinished runs as it was started: its agent, limits,
    sandbox, data dir and environment profile come from its metadata (``concurrency`` may change)."""
    group = RunGroup.open(runs_dir, name)
    plan = _plan_from_metadata(group, list(agent_dirs or []), echo)
    if concurrency is not None:
        plan = replace(plan, concurrency=concurrency)
    return GroupRun(group, plan, keep_containers=keep_containers, ray_address=ray_address)
