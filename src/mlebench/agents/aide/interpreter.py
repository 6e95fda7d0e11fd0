"""Runs one node's code in a subprocess, in its own folder, with a time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MAX_OUTPUT_CHARS = 8000


@dataclass
class RunResult:
    output: str  # stdout and stderr together, the tail only
    exit_code: int | None
    timed_out: bool
    seconds: float


def run_code(code: str, workdir: Path, timeout: float, *, python: str = sys.executable) -> RunResult:
    workdir.mkdir(parents=True, exist_ok=True)
    script = workdir / "solution.py"
    script.write_text(code)
    log = workdir / "output.txt"
    start = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen([python, script.name], cwd=workdir, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout=max(1.0, timeout))
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the script and everything it started
            except ProcessLookupError:
                pass
            proc.wait()
    text = log.read_bytes()[-4 * MAX_OUTPUT_CHARS :].decode("utf-8", "replace")[-MAX_OUTPUT_CHARS:]
    if timed_out:
        text += f"\n[killed: the run exceeded its time limit of {timeout:.0f}s]"
    return RunResult(text, None if timed_out else proc.returncode, timed_out, time.monotonic() - start)


def data_preview(data_dir: Path, *, max_files: int = 40, max_chars: int = 6000) -> str:
    """The data folder's files with sizes, and the first lines of each CSV/text file."""
    lines: list[str] = []
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    for p in files[:max_files]:
        rel = p.relative_to(data_dir)
        lines.append(f"- {rel} ({p.stat().st_size:,} bytes)")
        if p.suffix.lower() in (".csv", ".tsv", ".txt", ".json") and p.name != "description.md":
            with open(p, encoding="utf-8", errors="replace") as f:
                head = [f.readline().rstrip("\n")[:300] for _ in range(3)]
            lines += [f"    {h}" for h in head if h]
    if len(files) > max_files:
        lines.append(f"- … and {len(files) - max_files} more files")
    return "\n".join(lines)[:max_chars]
