"""Per-run cgroups for memory, CPU and process limits and accounting (cgroup v1 or v2).

Where neither hierarchy is writable, limits cannot be enforced: ``CgroupSet.create`` returns
``None`` and the caller records that limits were not enforced.

A run's cgroups are named ``<group>.<run>-<harness pid>`` under ``…/mlebench/``; ``stale()`` lists
those whose harness is dead (``mlebench sandbox cleanup`` removes them). The limits written at
creation are read back after the run (``limits_changed``). A spare descriptor is held from creation
and given up for the moment it takes to list the run's processes when the harness has none left
(an agent can make it spend them), so that killing a run never fails for want of one.
"""

from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass, field
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


# The limit files written at creation, per controller (v1) or for the unified hierarchy (v2).
LIMIT_FILES = {1: (("memory", "memory.limit_in_bytes"), ("memory", "memory.memsw.limit_in_bytes"),
                   ("pids", "pids.max"), ("cpu", "cpu.cfs_quota_us"), ("cpu", "cpu.cfs_period_us")),
               2: (("unified", "memory.max"), ("unified", "memory.swap.max"), ("unified", "pids.max"),
                   ("unified", "cpu.max"))}


def _bases() -> list[Path]:
    """The ``mlebench`` folders under which this harness's (and its host's like-placed) runs make cgroups."""
    if _v2_root() is not None:
        return [ROOT / _own_path("").lstrip("/") / "mlebench"]
    return list(dict.fromkeys(ROOT / ctrl / _own_path(ctrl).lstrip("/") / "mlebench"
                              for ctrl in ("memory", "pids", "cpu", "cpuacct")))


def stale(alive) -> list[Path]:
    """Run cgroups (``<name>-<pid>``) whose harness pid is not ``alive(pid)``."""
    found = []
    for base in _bases():
        try:
            entries = list(base.iterdir())
        except OSError:
            continue
        for d in entries:
            owner = d.name.rpartition("-")[2]
            if d.is_dir() and owner.isdigit() and not alive(int(owner)):
                found.append(d)
    return found


def remove_dir(d: Path) -> bool:
    """Kill what is left in one cgroup folder and remove it."""
    group = CgroupSet({"x": d}, 2 if _v2_root() is not None else 1)
    group.kill_all()
    return group._rmdir(d)


@dataclass
class CgroupSet:
    """The cgroups of one run; ``add(pid)`` puts a process (and its future children) in them."""

    dirs: dict[str, Path]
    version: int
    written: dict[str, str] = field(default_factory=dict)  # "controller/file" -> the value written
    _spare_fd: int | None = None

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
        return cls(dirs, 1)._opened()

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
        return cls({"unified": d}, 2)._opened()

    def _opened(self) -> CgroupSet:
        """Note the limits as created and open the process list while descriptors are plentiful."""
        self.written = self.limits()
        self._spare_fd = os.open("/dev/null", os.O_RDONLY | os.O_CLOEXEC)
        return self

    def limits(self) -> dict[str, str]:
        """The current values of the run's limit files."""
        out = {}
        for ctrl, name in LIMIT_FILES[self.version]:
            if ctrl in self.dirs:
                try:
                    out[f"{ctrl}/{name}"] = (self.dirs[ctrl] / name).read_text().strip()
                except OSError:
                    continue
        return out

    def limits_changed(self) -> list[str]:
        """Each limit whose value differs from the one set at creation: ``"memory/memory.max: 1024 -> max"``."""
        now = self.limits()
        return [f"{k}: {v} -> {now.get(k, 'unreadable')}" for k, v in self.written.items() if now.get(k) != v]

    def add(self, pid: int) -> None:
        for d in self.dirs.values():
            (d / "cgroup.procs").write_text(str(pid))

    def pids(self) -> list[int]:
        d = self.dirs.get("pids") or self.dirs.get("unified") or next(iter(self.dirs.values()))
        try:
            text = self._read_fresh(d / "cgroup.procs")  # a fresh open: a v1 list read again is a stale copy
            return [int(x) for x in text.split()]
        except OSError:
            return []

    def _read_fresh(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as e:
            if e.errno not in (errno.EMFILE, errno.ENFILE) or self._spare_fd is None:
                raise
        os.close(self._spare_fd)  # out of descriptors: use the spare one, then take it back
        self._spare_fd = None
        try:
            return path.read_bytes()
        finally:
            try:
                self._spare_fd = os.open("/dev/null", os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                pass

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
        if self._spare_fd is not None:
            os.close(self._spare_fd)
            self._spare_fd = None
        for d in self.dirs.values():
            self._rmdir(d)

    @staticmethod
    def _rmdir(d: Path) -> bool:
        for _ in range(20):
            try:
                d.rmdir()
                return True
            except FileNotFoundError:
                return True
            except OSError:
                time.sleep(0.05)
        return False
