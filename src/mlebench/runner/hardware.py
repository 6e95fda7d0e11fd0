"""The host a run ran on: CPU model and cores, RAM, GPU model and count (``nvidia-smi`` when present)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class HostHardware:
    cpu_model: str | None
    cpu_cores: int | None
    ram_bytes: int | None
    gpu_model: str | None
    gpu_count: int


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                    return " ".join(value.split())
    except OSError:
        pass
    return None


def _ram_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return None


def _gpus() -> tuple[str | None, int]:
    """The first GPU's model and the number of GPUs ``nvidia-smi`` lists; ``(None, 0)`` without it."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None, 0
    try:
        out = subprocess.run([exe, "--query-gpu=name", "--format=csv,noheader"], capture_output=True, text=True,
                             timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None, 0
    names = [line.strip() for line in out.splitlines() if line.strip()]
    models = sorted(set(names))
    return (" + ".join(models) if models else None), len(names)


@functools.cache
def host_hardware() -> HostHardware:
    """This machine's hardware (looked up once per process)."""
    gpu_model, gpu_count = _gpus()
    return HostHardware(cpu_model=_cpu_model(), cpu_cores=os.cpu_count(), ram_bytes=_ram_bytes(),
                        gpu_model=gpu_model, gpu_count=gpu_count)
