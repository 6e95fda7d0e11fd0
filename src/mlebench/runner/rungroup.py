"""Run groups on disk: everything needed to resume lives here.

    runs/<group>/metadata.json                 what was asked (agent, competitions, seeds, limits, …)
    runs/<group>/<competition>.<seed>/run.json status, timings, exit, resources, hardware, agent, versions
    runs/<group>/<competition>.<seed>/{submission,logs,code}/
    runs/<group>/grading_report.json           the group's grading report

A run is finished once its ``run.json`` says a final status; every write is atomic (temp file +
rename), so a harness killed at any moment leaves each run either finished or to be rerun.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError
from mlebench.grading.report import json_safe

FINAL_STATUSES = {"succeeded", "failed", "timeout", "oom", "disk_limit", "pids_limit"}
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        # strict JSON: a NaN or infinity (from anything the agent or a metric produced) is written as null
        json.dump(json_safe(data), f, indent=2, sort_keys=False, default=str, allow_nan=False)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


def read_json(path: Path) -> dict | None:
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
    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def name(self) -> str:
        return self.root.name

    @classmethod
    def create(cls, runs_dir: Path, name: str, metadata: dict[str, Any]) -> RunGroup:
        if not GROUP_NAME.match(name):
            raise MLEBenchError(f"run group name '{name}' must be letters, digits, '.', '_' or '-'")
        root = runs_dir / name
        if (root / "metadata.json").exists():
            raise MLEBenchError(f"run group {root} already exists; resume it with --resume {name} or choose another --run-group")
        root.mkdir(parents=True, exist_ok=True)
        write_json_atomic(root / "metadata.json", {"run_group": name, "created_at": now(), **metadata})
        return cls(root)

    @classmethod
    def open(cls, runs_dir: Path, name: str) -> RunGroup:
        root = runs_dir / name
        if not (root / "metadata.json").exists():
            raise MLEBenchError(f"no run group '{name}' in {runs_dir} (looked for {root / 'metadata.json'})")
        return cls(root)

    @property
    def metadata(self) -> dict[str, Any]:
        data = read_json(self.root / "metadata.json")
        if data is None:
            raise MLEBenchError(f"{self.root / 'metadata.json'} is unreadable")
        return data

    def keys(self) -> list[RunKey]:
        meta = self.metadata
        return [RunKey(c, s) for c in meta["competitions"] for s in range(meta["seeds"])]

    def run_dir(self, key: RunKey) -> Path:
        return self.root / key.run_id

    def run_record(self, key: RunKey) -> dict | None:
        return read_json(self.run_dir(key) / "run.json")

    def is_finished(self, key: RunKey) -> bool:
        rec = self.run_record(key)
        return bool(rec) and rec.get("status") in FINAL_STATUSES

    def pending(self) -> list[RunKey]:
        return [k for k in self.keys() if not self.is_finished(k)]

    def write_run_record(self, key: RunKey, record: dict[str, Any]) -> None:
        d = self.run_dir(key)
        d.mkdir(parents=True, exist_ok=True)
        write_json_atomic(d / "run.json", record)
