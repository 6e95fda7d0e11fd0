"""MD5 checksums of prepared files, streamed in large chunks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

CHUNK = 8 * 1024 * 1024


def md5_file(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def checksum_tree(root: Path, subdirs: tuple[str, ...] = ("public", "private")) -> dict[str, str]:
    """``{"public/train.csv": md5, ...}`` for every regular file under the given subfolders."""
    out: dict[str, str] = {}
    for sub in subdirs:
        base = root / sub
        for p in sorted(base.rglob("*")) if base.exists() else []:
            if p.is_file():
                out[p.relative_to(root).as_posix()] = md5_file(p)
    return out


def read_checksums(path: Path) -> dict[str, str] | None:
    return yaml.safe_load(path.read_text()) if path.exists() else None


def write_checksums(path: Path, checksums: dict[str, str]) -> None:
    path.write_text(yaml.safe_dump(checksums, sort_keys=True))


def diff_checksums(expected: dict[str, str], actual: dict[str, str], *, strict: bool = False) -> list[str]:
    """Human-readable differences; empty when they agree.

    Only the files listed in ``expected`` are checked unless ``strict`` (then unlisted files count
    too): a competition may record checksums of its main files only.
    """
    problems = []
    for k in sorted(set(expected) | (set(actual) if strict else set())):
        if k not in actual:
            problems.append(f"{k}: expected but not produced")
        elif k not in expected:
            problems.append(f"{k}: produced but not expected")
        elif expected[k] != actual[k]:
            problems.append(f"{k}: md5 {actual[k]} != expected {expected[k]}")
    return problems
