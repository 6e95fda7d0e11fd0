"""The agent's Python environment: a venv with the common ML stack, built once and cached.

It is mounted read-only at /opt/mlebench-env inside the sandbox (`python` on the agent's PATH).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mlebench.errors import MLEBenchError

REQUIREMENTS = Path(__file__).with_name("agent-requirements.txt")
CACHE = Path(os.environ.get("MLEBENCH_CACHE_DIR", Path.home() / ".cache" / "mle-bench"))
MARKER = ".mlebench-env.json"


def default_env_dir() -> Path:
    return Path(os.environ.get("MLEBENCH_ENV_DIR", CACHE / "envs" / "default"))


def _digest(requirements: Path) -> str:
    return hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]


def is_built(env_dir: Path, requirements: Path = REQUIREMENTS) -> bool:
    try:
        info = json.loads((env_dir / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return info.get("requirements_sha") == _digest(requirements)


def build(env_dir: Path | None = None, requirements: Path = REQUIREMENTS, *, echo=print) -> Path:
    """Create the venv and install the requirements (pip's own progress is shown)."""
    env_dir = env_dir or default_env_dir()
    if is_built(env_dir, requirements):
        echo(f"agent environment up to date: {env_dir}")
        return env_dir
    if not requirements.is_file():
        raise MLEBenchError(f"requirements file {requirements} does not exist")
    shutil.rmtree(env_dir, ignore_errors=True)
    env_dir.parent.mkdir(parents=True, exist_ok=True)
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    echo(f"building the agent environment in {env_dir} from {requirements.name} …")
    subprocess.run([str(base_python), "-m", "venv", str(env_dir)], check=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    result = subprocess.run([*pip, "-r", str(requirements)])
    if result.returncode != 0:
        raise MLEBenchError(f"installing the agent environment failed (pip exit {result.returncode}); see pip's output above")
    (env_dir / MARKER).write_text(json.dumps({"requirements_sha": _digest(requirements),
                                              "requirements": requirements.read_text().splitlines()}))
    return env_dir
