"""Per-run cgroups for memory, CPU and process limits and accounting (cgroup v1 or v2).

Where neither hierarchy is writable, limits cannot be enforced: ``CgroupSet.create`` returns
``None`` and the caller records that limits were not enforced.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


def _own_path(controller: str) -> str:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, ctrls, path = line.split(":", 2)
        if controller in ctrls.split(","):
            return path
    return "/"


def _v2_root() -> Path | None:
    if (ROOT / "cgroup.controllers").exists():
        return ROOT
    return None


@dataclass
class CgroupSet:
    """The cgroups of one run; ``add(pid)`` puts a process (and its future children) in them."""

    dirs: dict[str, Path]
    version: int

    @classmethod
    def create(cls, name: str, *, memory_bytes: int | None, cpus: float | None, pids: int | None) -> CgroupSet | None:
        try:
            if _v2_root() is not None:
                return cls._create_v2(name, memory_bytes, cpus, pids)
            return cls._create_v1(name, memory_bytes, cpus, pids)
        except OSError:
            return None

    @classmethod
    def _create_v1(cls, name: str, memory_bytes, cpus, pids) -> CgroupSet | None:
        dirs: dict[str, Path] = {}
        for ctrl in ("memory", "pids", "cpu", "cpuacct"):
            base = ROOT / ctrl
            if not base.is_dir():
                continue
            d = base / _own_path(ctrl).lstrip("/") / "mlebench" / name
            d.mkdir(parents=True, exist_ok=True)
            dirs[ctrl] = d
        if "memory" not in dirs or "pids" not in dirs:
            return None
        if memory_bytes:
            (dirs["memory"] / "memory.limit_in_bytes").write_text(str(memory_bytes))
            swap = dirs["memory"] / "memory.memsw.limit_in_bytes"
            if swap.exists():
                try:
                    swap.write_text(str(memory_bytes))
                except OSError:
                    pass
        if pids:
            (dirs["pids"] / "pids.max").write_text(str(pids))
        if cpus and "cpu" in dirs:
            (dirs["cpu"] / "cpu.cfs_period_us").write_text("100000")
            (dirs["cpu"] / "cpu.cfs_quota_us").write_text(str(int(cpus * 100000)))
        return cls(dirs, 1)

    @classmethod
    def _create_v2(cls, name: str, memory_bytes, cpus, pids) -> CgroupSet | None:
        parent = ROOT / _own_path("").lstrip("/")
        d = parent / "mlebench" / name
        d.mkdir(parents=True, exist_ok=True)
        for p in (parent, parent / "mlebench"):
            try:
                (p / "cgroup.subtree_control").write_text("+memory +pids +cpu")
            except OSError:
                pass
        if memory_bytes:
            (d / "memory.max").write_text(str(memory_bytes))
            if (d / "memory.swap.max").exists():
                (d / "memory.swap.max").write_text("0")
        if pids:
            (d / "pids.max").write_text(str(pids))
        if cpus:
            (d / "cpu.max").write_text(f"{int(cpus * 100000)} 100000")
        return cls({"unified": d}, 2)

    def add(self, pid: int) -> None:
        for d in self.dirs.values():
            (d / "cgroup.procs").write_text(str(pid))

    def pids(self) -> list[int]:
        d = self.dirs.get("pids") or self.dirs.get("unified")
        try:
            return [int(x) for x in (d / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self) -> None:
        """SIGKILL every process in the run's cgroup until none is left."""
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)

    def peak_memory_bytes(self) -> int | None:
        try:
            if self.version == 1:
                return int((self.dirs["memory"] / "memory.max_usage_in_bytes").read_text())
            peak = self.dirs["unified"] / "memory.peak"
            return int(peak.read_text()) if peak.exists() else None
        except (OSError, KeyError, ValueError):
            return None

    def cpu_seconds(self) -> float | None:
        try:
            if self.version == 1:
                return int((self.dirs["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
            for line in (self.dirs["unified"] / "cpu.stat").read_text().splitlines():
                k, v = line.split()
                if k == "usage_usec":
                    return int(v) / 1e6
        except (OSError, KeyError, ValueError):
            return None
        return None

    def oom_killed(self) -> bool:
        try:
            if self.version == 1:
                text = (self.dirs["memory"] / "memory.oom_control").read_text()
                return any(line == "oom_kill 1" or (line.startswith("oom_kill ") and line != "oom_kill 0") for line in text.splitlines())
            text = (self.dirs["unified"] / "memory.events").read_text()
            return any(line.startswith("oom_kill ") and line != "oom_kill 0" for line in text.splitlines())
        except (OSError, KeyError):
            return False

    def pids_limit_hit(self) -> bool:
        try:
            d = self.dirs.get("pids") or self.dirs["unified"]
            text = (d / "pids.events").read_text()
            return any(line.startswith("max ") and line != "max 0" for line in text.splitlines())
        except (OSError, KeyError):
            return False

    def remove(self) -> None:
        self.kill_all()
        for d in self.dirs.values():
            for _ in range(20):
                try:
                    d.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)
