"""Lint and types, as part of the one test command: ruff over the whole tree, mypy over the typed
modules that pyproject.toml lists (run groups' records and the grading report schema)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_passes_on_src_and_tests():
    out = _run(str(BIN / "ruff"), "check", "--no-cache", "src", "tests")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_passes_on_the_typed_modules():
    out = _run(sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues found in" in out.stdout
