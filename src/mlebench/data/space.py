"""Disk space needed to prepare competitions, checked before anything is downloaded.

Sizes come from ``splits/sizes.csv`` (``competition_id,dataset_size_gb``, copied from the catalog;
the catalog records a size only for the Lite competitions). A download needs about twice its size:
the raw files and the prepared public/private files (about as large as the raw ones) coexist until
the raw files are removed. Raw files already downloaded count once (only the prepared copy is new).
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mlebench.errors import MLEBenchError

SIZES_FILE = Path(__file__).parents[1] / "splits" / "sizes.csv"
DOWNLOAD_FACTOR = 2  # raw download + prepared files
GB = 1e9


def known_sizes(path: Path = SIZES_FILE) -> dict[str, float]:
    """Dataset size in GB by competition id (v2 folders, ``<id>-v2``, share their v1's size)."""
    with open(path, newline="") as f:
        return {row["competition_id"]: float(row["dataset_size_gb"]) for row in csv.DictReader(f) if row["dataset_size_gb"]}


def size_gb(competition_id: str, sizes: dict[str, float]) -> float | None:
    if competition_id in sizes:
        return sizes[competition_id]
    if competition_id.endswith("-v2"):
        return sizes.get(competition_id[: -len("-v2")])
    return None


@dataclass
class SpaceNeed:
    needed_bytes: float = 0.0
    counted: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def space_needed(downloads: list[str], raw_present: list[str], sizes: dict[str, float] | None = None) -> SpaceNeed:
    """Bytes needed: ``DOWNLOAD_FACTOR`` x size for competitions to download, 1 x for those whose raw
    files are already here; competitions without a recorded size are listed in ``unknown``."""
    sizes = known_sizes() if sizes is None else sizes
    need = SpaceNeed()
    for ids, factor in ((downloads, DOWNLOAD_FACTOR), (raw_present, 1)):
        for cid in ids:
            gb = size_gb(cid, sizes)
            if gb is None:
                need.unknown.append(cid)
            else:
                need.needed_bytes += factor * gb * GB
                need.counted.append(cid)
    return need


def human(n: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n / 1e3:.1f} kB"


def check_space(data_dir: Path, need: SpaceNeed) -> str:
    """A one-line summary of needed and free space; MLEBenchError (one line) when it does not fit."""
    free = shutil.disk_usage(data_dir).free
    total = len(need.counted) + len(need.unknown)
    which = f" for the {len(need.counted)} of known size, more for the {len(need.unknown)} not sized" if need.unknown else ""
    summary = (f"preparing {total} competition(s) needs about {human(need.needed_bytes)}{which}"
               f" ({DOWNLOAD_FACTOR}x each download: raw + prepared); {human(free)} free in {data_dir}")
    if need.needed_bytes > free:
        raise MLEBenchError(f"not enough disk space: {summary}; free some space, choose another --data-dir, "
                            f"or prepare fewer competitions")
    return summary
