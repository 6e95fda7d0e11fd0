"""Published results to compare against: a CSV shipped with the package, extendable with users' own files.

Columns: ``agent, model, split, value`` are required; ``metric`` (default ``any_medal``), ``sem``, ``date``
and ``source`` are optional. Values are percentages.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError

BUILTIN_REFERENCE = Path(__file__).with_name("reference_results.csv")
REQUIRED = ("agent", "model", "split", "value")


def _num(text: str | None, path: Path, line: int, column: str) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise MLEBenchError(f"{path}, line {line}: column '{column}' must be a number, got '{text}'") from None


def read_reference(path: Path) -> list[dict[str, Any]]:
    path = Path(path)
    if not path.is_file():
        raise MLEBenchError(f"reference file {path} does not exist")
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise MLEBenchError(f"reference file {path} lacks column(s) {', '.join(missing)} (needs {', '.join(REQUIRED)})")
        rows = []
        for i, row in enumerate(reader, start=2):
            rows.append(
                {
                    "agent": row["agent"].strip(),
                    "model": row["model"].strip(),
                    "split": row["split"].strip(),
                    "metric": (row.get("metric") or "any_medal").strip(),
                    "value": _num(row["value"], path, i, "value"),
                    "sem": _num(row.get("sem"), path, i, "sem"),
                    "date": (row.get("date") or "").strip() or None,
                    "source": (row.get("source") or "").strip() or str(path),
                }
            )
    return rows


def load_reference(files: list[Path], *, include_builtin: bool = True) -> list[dict[str, Any]]:
    """The built-in published results (v1's leaderboard) followed by each user file's rows."""
    rows = read_reference(BUILTIN_REFERENCE) if include_builtin else []
    for f in files:
        rows += read_reference(f)
    return rows
