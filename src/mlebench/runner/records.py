"""The typed records of a run group: ``metadata.json`` (what was asked) and each run's ``run.json``.

Every field name and JSON shape of the files written before these models existed is kept (the
committed group in ``tests/fixtures/rungroups/v0/`` is read by the tests); unknown fields of an older
or newer file are kept as they are (``extra="allow"``), fields it lacks read as their defaults. A
record is written with only the fields that were set, so a file never grows keys it did not have.
Read and write them through :class:`mlebench.runner.rungroup.RunGroup`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mlebench.runner.sandbox.base import Limits

RECORD_SCHEMA_VERSION = 1  # files written before the models existed have no schema_version: they read as 0


class RunStatus(StrEnum):
    """What happened to one run. ``error`` (a harness fault) and ``running`` are not final: resume reruns them."""

    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    timeout = "timeout"
    oom = "oom"
    pids_limit = "pids_limit"
    disk_limit = "disk_limit"
    error = "error"

    @property
    def final(self) -> bool:
        return self in FINAL_STATUSES

    @property
    def agent_failure(self) -> bool:
        """The agent's run failed; a timeout is how long runs end, not a failure."""
        return self in (RunStatus.failed, RunStatus.oom, RunStatus.disk_limit, RunStatus.pids_limit)


FINAL_STATUSES = frozenset({RunStatus.succeeded, RunStatus.failed, RunStatus.timeout, RunStatus.oom,
                            RunStatus.disk_limit, RunStatus.pids_limit})


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow")

    def to_json(self) -> dict[str, Any]:
        """The JSON object as written: the fields that were read or set, in model order, extras last."""
        return self.model_dump(mode="json", exclude_unset=True)


class LimitsRecord(_Record):
    """A run's ``Limits`` as JSON. In ``run.json`` ``memory_bytes`` is the limit applied (the default
    when none was asked, then ``memory_default`` is true); in ``metadata.json`` it is what was asked."""

    time_seconds: float
    cpus: float | None = None
    memory_bytes: int | None = None
    memory_default: bool | None = None
    pids: int = 2048
    disk_bytes: int = 20 * 1024**3
    gpus: list[int] = Field(default_factory=list)

    @classmethod
    def asked(cls, limits: Limits) -> LimitsRecord:
        return cls(time_seconds=limits.time_seconds, cpus=limits.cpus, memory_bytes=limits.memory_bytes,
                   pids=limits.pids, disk_bytes=limits.disk_bytes, gpus=list(limits.gpus))

    @classmethod
    def applied(cls, limits: Limits, memory_bytes: int) -> LimitsRecord:
        return cls(time_seconds=limits.time_seconds, cpus=limits.cpus, memory_bytes=memory_bytes,
                   memory_default=not limits.memory_bytes, pids=limits.pids, disk_bytes=limits.disk_bytes,
                   gpus=list(limits.gpus))

    def to_limits(self) -> Limits:
        memory = None if self.memory_default else self.memory_bytes
        return Limits(time_seconds=self.time_seconds, cpus=self.cpus, memory_bytes=memory, pids=self.pids,
                      disk_bytes=self.disk_bytes, gpus=tuple(self.gpus))


class GroupMetadata(_Record):
    """``runs/<group>/metadata.json``: everything needed to resume the group."""

    run_group: str | None = None
    created_at: str | None = None
    schema_version: int = 0
    agent_id: str | None = None
    agent: dict[str, Any] | None = None  # AgentConfig.public_record(): no secret values
    competitions: list[str] = Field(default_factory=list)
    seeds: int = 1
    limits: LimitsRecord | None = None
    sandbox: str = "bwrap"
    network: str | None = None
    data_dir: str | None = None
    executor: str = "local"
    concurrency: int | None = None
    gpu_ids: list[int] = Field(default_factory=list)
    env_profile: str | None = None  # the agent environment's profile the group runs in (None: the sandbox's Python)
    snapshot_interval: float | None = None  # seconds between kept submission snapshots (None: the default)
    snapshot_quota: int | None = None  # bytes the snapshots of one run may take (None: the run's disk quota)
    description: str = "original"  # the description the agents get: original | obfuscated (--obfuscated-descriptions)


class HardwareRecord(_Record):
    description: str | None = None  # what the run was given: CPUs, RAM limit, GPUs
    host: str | None = None
    machine: str | None = None
    cpu_count: int | None = None
    cpu_model: str | None = None  # the host's
    ram_bytes: int | None = None
    gpu_model: str | None = None  # from nvidia-smi; None without one
    gpu_count: int | None = None  # GPUs on the host

    def label(self) -> str:
        """What reports group runs by: the run's share and the host's CPU and GPU models."""
        gpu = self.gpu_model or "no GPU model"
        return f"{self.description or 'unknown share'}; {self.cpu_model or 'unknown CPU'}; {gpu}"


class SnapshotRecord(_Record):
    """One kept version of the submission (``<run>/snapshots/<sha256>.csv``), at its time into the run; in the
    grading report's entry of the run, also as graded (``mlebench.runner.grading.grade_snapshots``)."""

    elapsed_seconds: float
    sha256: str
    bytes: int
    score: float | None = None
    valid_submission: bool | None = None
    invalid_reason: str | None = None
    medal: str | None = None  # gold, silver, bronze or none
    gold_medal: bool | None = None
    silver_medal: bool | None = None
    bronze_medal: bool | None = None
    above_median: bool | None = None
    leaderboard_percentile: float | None = None


class VersionsRecord(_Record):
    mlebench: str | None = None
    python: str | None = None
    locks: dict[str, Any] = Field(default_factory=dict)
    profile: str | None = None


class SubmissionRecord(_Record):
    exists: bool = False
    reason: str | None = None
    bytes: int | None = None


class RunRecord(_Record):
    """``runs/<group>/<competition>.<seed>/run.json``: status, timings, exit, resources, hardware, agent, versions."""

    run_id: str | None = None
    competition_id: str | None = None
    competition_version: int | None = None
    seed: int | None = None
    status: RunStatus = RunStatus.running
    schema_version: int = 0
    started_at: str | None = None
    sandbox: str | None = None
    network: str | None = None
    limits: LimitsRecord | None = None
    hardware: HardwareRecord | None = None
    agent: dict[str, Any] | None = None
    versions: VersionsRecord | None = None
    llm_endpoint: str | None = None
    description: str | None = None  # which description.md the agent got: original | obfuscated
    validation: dict[str, Any] | None = None
    llm_proxy: dict[str, Any] | None = None
    status_reason: str | None = None
    exit_code: int | None = None
    wall_seconds: float | None = None
    cpu_seconds: float | None = None
    peak_memory_mb: float | None = None
    limits_enforced: bool | None = None
    limits_changed: list[str] = Field(default_factory=list)
    submission: SubmissionRecord | None = None
    snapshots: list[SnapshotRecord] = Field(default_factory=list)  # in time order; the last is the final version
    not_copied: list[str] = Field(default_factory=list)
    usage: dict[str, Any] | None = None
    notes: list[str] = Field(default_factory=list)
    ended_at: str | None = None

    @property
    def finished(self) -> bool:
        return self.status.final

    def add_note(self, note: str) -> None:
        self.notes = [*self.notes, note]  # assigned, so that the field counts as set and is written

    def usage_value(self, name: str) -> Any:
        """One figure of the agent's reported LLM usage (None when not reported)."""
        return (self.usage or {}).get(name)
