"""Run groups on disk: everything needed to resume lives here.

    runs/<group>/metadata.json                 what was asked (agent, competitions, seeds, limits, …)
    runs/<group>/<competition>.<seed>/run.json status, timings, exit, resources, hardware, agent, versions
    runs/<group>/<competition>.<seed>/{submission,logs,code}/
    runs/<group>/grading_report.json           the group's grading report

A run is finished once its ``run.json`` says a final status; every write is atomic (temp file +
rename), so a harness killed at any moment leaves each run either finished or to be rerun. The two
files are typed (``mlebench.runner.records``) and read and written only here.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlebench.errors import MLEBenchError
from mlebench.grading.report import json_safe
from mlebench.runner.records import FINAL_STATUSES, RECORD_SCHEMA_VERSION, GroupMetadata, RunRecord

__all__ = ["FINAL_STATUSES", "GROUP_NAME", "RunGroup", "RunKey", "now", "read_json", "write_json_atomic"]
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def now() -> str:
    """The time records carry: ISO 8601, UTC."""
    return datetime.now(UTC).isoformat()


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        # strict JSON: a NaN or infinity (from anything the agent or a metric produced) is written as null
        json.dump(json_safe(data), f, indent=2, sort_keys=False, default=str, allow_nan=False)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


@dataclass(frozen=True)
class RunKey:
    competition_id: str
    seed: int

    @property
    def run_id(self) -> str:
        return f"{self.competition_id}.{self.seed}"


class RunGroup:
    """One run group folder; the only reader and writer of its ``metadata.json`` and ``run.json`` files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def name(self) -> str:
        return self.root.name

    @classmethod
    def create(cls, runs_dir: Path, name: str, metadata: GroupMetadata | dict[str, Any]) -> RunGroup:
        if not GROUP_NAME.match(name):
            raise MLEBenchError(f"run group name '{name}' must be letters, digits, '.', '_' or '-'")
        root = runs_dir / name
        if (root / "metadata.json").exists():
            raise MLEBenchError(f"run group {root} already exists; resume it with --resume {name} or choose another --run-group")
        fields = metadata.to_json() if isinstance(metadata, GroupMetadata) else dict(metadata)
        meta = GroupMetadata.model_validate(
            {"run_group": name, "created_at": now(), "schema_version": RECORD_SCHEMA_VERSION, **fields})
        root.mkdir(parents=True, exist_ok=True)
        write_json_atomic(root / "metadata.json", meta.to_json())
        return cls(root)

    @classmethod
    def open(cls, runs_dir: Path, name: str) -> RunGroup:
        root = runs_dir / name
        if not (root / "metadata.json").exists():
            raise MLEBenchError(f"no run group '{name}' in {runs_dir} (looked for {root / 'metadata.json'})")
        return cls(root)

    @property
    def metadata(self) -> GroupMetadata:
        path = self.root / "metadata.json"
        data = read_json(path)
        if not isinstance(data, dict):
            raise MLEBenchError(f"{path} is unreadable")
        try:
            return GroupMetadata.model_validate(data)
        except ValidationError as e:
            raise MLEBenchError(f"{path} is not a run group's metadata: {_first_error(e)}") from None

    def keys(self) -> list[RunKey]:
        meta = self.metadata
        return [RunKey(c, s) for c in meta.competitions for s in range(meta.seeds)]

    def run_dir(self, key: RunKey) -> Path:
        return self.root / key.run_id

    def run_record(self, key: RunKey) -> RunRecord | None:
        """The run's record; None when it has none yet or it cannot be read (the run is then rerun on resume)."""
        data = read_json(self.run_dir(key) / "run.json")
        if not isinstance(data, dict):
            return None
        try:
            return RunRecord.model_validate(data)
        except ValidationError:
            return None

    def is_finished(self, key: RunKey) -> bool:
        rec = self.run_record(key)
        return rec is not None and rec.finished

    def pending(self) -> list[RunKey]:
        return [k for k in self.keys() if not self.is_finished(k)]

    def write_run_record(self, key: RunKey, record: RunRecord | dict[str, Any]) -> RunRecord:
        """Write the run's ``run.json`` atomically; a dict is validated first (ValidationError if it is not a record)."""
        if not isinstance(record, RunRecord):
            record = RunRecord.model_validate(record)
        d = self.run_dir(key)
        d.mkdir(parents=True, exist_ok=True)
        write_json_atomic(d / "run.json", record.to_json())
        return record

    def write_grading_report(self, report: dict[str, Any]) -> Path:
        """Write the group's ``grading_report.json`` atomically (strict JSON: no NaN/Infinity tokens)."""
        out = self.root / "grading_report.json"
        write_json_atomic(out, report)
        return out


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    return f"{'.'.join(map(str, err['loc'])) or 'the file'}: {err['msg']}"
