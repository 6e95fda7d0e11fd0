"""Helpers for running the real `mlebench` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGINS = Path(__file__).parents[1] / "fixtures" / "plugins"
_SCRIPT = Path(sys.executable).parent / "mlebench"
# the installed console script when there is one, else the function it runs
MLEBENCH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from mlebench.cli import main; main()"]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLEBENCH_", "PLUGIN_"))}
    env.update(COLUMNS="200", NO_COLOR="1", MLEBENCH_COMPETITIONS_PATH=str(PLUGINS), **extra)
    return env


def start(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([*MLEBENCH, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=cli_env(**env))


def run(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MLEBENCH, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=cli_env(**env))
