"""What killed runs leave on a host, and its removal: run cgroups and runtime folders (``/tmp/mlb-*``).

Each is tagged with its harness process (the cgroup's name ends in ``-<pid>``; a runtime folder holds
an ``owner`` file with the pid and that process's start time). Only those whose harness is gone are
removed — by ``mlebench sandbox cleanup`` and by every sandbox backend's ``check()``, i.e. at the start
of each run group and run. Docker containers are handled by ``sandbox/docker.py:cleanup``.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from mlebench.runner import cgroups
from mlebench.runner.sandbox._common import OWNER_FILE, pid_alive, process_start_time

RUNTIME_PARENT = Path("/tmp")
RUNTIME_PREFIX = "mlb-"
UNOWNED_GRACE_SECONDS = 3600  # a folder without an owner file is a run that died before its sandbox started


def _owner_alive(folder: Path) -> bool:
    try:
        pid_text, _, started = (folder / OWNER_FILE).read_text().strip().partition(" ")
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime < UNOWNED_GRACE_SECONDS
        except OSError:
            return False
    except OSError:
        return True  # unreadable: not ours to judge
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    return pid_alive(pid) and (started in ("", "None") or process_start_time(pid) in (None, started))


def stale_runtime_folders(include_live: bool = False) -> list[Path]:
    try:
        folders = [p for p in RUNTIME_PARENT.iterdir() if p.name.startswith(RUNTIME_PREFIX) and p.is_dir()
                   and (p / "rt").is_dir()]  # the layout of runner/execute.py's runtime folders
    except OSError:
        return []
    return [p for p in folders if include_live or not _owner_alive(p)]


def sweep(include_live: bool = False) -> list[str]:
    """Remove the cgroups and runtime folders of dead harnesses (all of them with ``include_live``)."""
    removed = []
    for d in cgroups.stale(lambda pid: pid_alive(pid) and not include_live):
        if cgroups.remove_dir(d):
            removed.append(str(d))
    for folder in stale_runtime_folders(include_live):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(str(folder))
    return removed
