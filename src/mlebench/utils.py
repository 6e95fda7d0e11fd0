"""v1-compatible utilities (``from mlebench.utils import load_answers, read_csv, ...``)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from mlebench.grading.submission import read_csv, read_table


def load_answers(path_to_answers: Path | str) -> Any:
    """Load an answers file by its extension: CSV, JSONL, JSON, parquet (or a folder kept as a Path)."""
    path = Path(path_to_answers)
    suffix = path.suffix.lower()
    if path.is_dir():
        return path
    if suffix == ".csv":
        return read_table(path)
    if suffix == ".jsonl":
        return read_jsonl(path)
    if suffix == ".json":
        return json.loads(path.read_text())
    if suffix in (".parquet", ".pq"):
        return pd.read_parquet(path)
    raise ValueError(f"unsupported answers file type: {path.name}")


def read_jsonl(path: Path | str, skip_commented_out_lines: bool = False) -> list[dict]:
    rows = []
    for line in Path(path).read_text().splitlines():
        s = line.strip()
        if not s or (skip_commented_out_lines and s.startswith("#")):
            continue
        rows.append(json.loads(s))
    return rows


def get_timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%S-UTC")


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(name)


__all__ = ["get_logger", "get_timestamp", "load_answers", "read_csv", "read_jsonl"]
