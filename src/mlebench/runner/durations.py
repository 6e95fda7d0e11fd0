"""Parsing the CLI's human sizes: durations (90s, 10m, 2h, 1d) and memory (512M, 4G)."""

from __future__ import annotations

import re

from mlebench.errors import MLEBenchError

_DUR = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_MEM = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_duration(text: str) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text).lower())
    if not m:
        raise MLEBenchError(f"cannot read the duration '{text}': use e.g. 90s, 10m, 2h, 24h, 1d")
    return float(m.group(1)) * _DUR[m.group(2) or "s"]


def parse_memory(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", str(text).lower())
    if not m:
        raise MLEBenchError(f"cannot read the memory size '{text}': use e.g. 512M, 4G, 440G")
    return int(float(m.group(1)) * _MEM[m.group(2)])
