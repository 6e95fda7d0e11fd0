"""Fixtures offered to every competition's own checks (``checks.py`` in its folder) and to the tests here."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest


@pytest.fixture
def assert_extracted_download_prepares_the_same():
    """``check(comp, prepared, tmp_path)``: preparing from an extracted download gives the same files."""
    return _extracted_same


@pytest.fixture
def assert_zipped_folder_prepares_the_same():
    """``check(comp, prepared, tmp_path, *folders)``: a download whose ``folders`` of the raw files come
    zipped (``folder.zip`` each) prepares exactly the same files, byte for byte."""
    return _zipped_same


def _zipped_same(comp, prepared, tmp_path: Path, *folders: str) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / comp.id, raw)
    for folder in folders:
        shutil.make_archive(str(raw / folder), "zip", raw, folder)
        shutil.rmtree(raw / folder)
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file() and "raw" not in p.parts)
    assert made == sorted(p.relative_to(comp.prepared_dir).as_posix() for p in comp.prepared_dir.rglob("*")
                          if p.is_file() and p.name not in ("description.md", "manifest.json"))
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes(), rel


def _extracted_same(comp, prepared, tmp_path: Path) -> None:
    """After a real download every nested zip is already unpacked; preparation must not depend on it."""
    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / comp.id, raw)
    for archive in raw.glob("*.zip"):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(raw)
        archive.unlink()
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir()
    private.mkdir()
    comp.prepare_fn(raw=raw, public=public, private=private)
    for ours in [*public.rglob("*"), *private.rglob("*")]:
        if ours.is_file() and ours.suffix != ".zip":
            reference = comp.prepared_dir / ours.relative_to(tmp_path)
            assert ours.read_bytes() == reference.read_bytes(), ours.name
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file() and "raw" not in p.parts)
    assert made == sorted(
        p.relative_to(comp.prepared_dir).as_posix()
        for p in comp.prepared_dir.rglob("*")
        if p.is_file() and p.parts[-2:] != ("public", "description.md") and p.name != "manifest.json"
    )


@pytest.fixture
def prepare_under_memory_cap():
    """``check(folder, raw, *, headroom_mib=48, env=None) -> dict``: run ``folder``'s ``prepare`` on the raw
    files already written in ``raw`` in a fresh process whose address space (RLIMIT_AS) is capped
    ``headroom_mib`` above its size once the prepare module (and what it imports) is loaded.

    Asserts the raw files are larger than three times the headroom and that the cap really refuses
    an allocation of their size, so a prepare that reads a whole file into memory fails. Outputs go
    to ``raw.parent / "public"`` and ``"private"``. Returns the process's resident size once the imports
    are done (``rss_after_imports``) and its peak during the prepare (``peak_rss``), the raw files' total
    size (``raw_bytes``), the ``headroom`` and the prepare's ``seconds``.
    """
    return _prepare_under_memory_cap


_CAPPED_PREPARE = """
import json, resource, sys, time
from pathlib import Path
import numpy, pandas
from mlebench.registry import load_competition_module
folder, raw, headroom = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) * 2**20
prepare = load_competition_module(folder, "prepare").prepare
size = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file())
def status(key):
    return next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith(key + ":"))
vm = status("VmSize")
if size <= 3 * headroom:
    sys.exit(f"the raw files ({size} bytes) are not 3x the headroom ({headroom} bytes)")
resource.setrlimit(resource.RLIMIT_AS, (vm + headroom, resource.getrlimit(resource.RLIMIT_AS)[1]))
try:
    bytearray(size)
except MemoryError:
    pass
else:
    sys.exit("the cap does not hold the raw files")
imported = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from here
started = time.perf_counter()
prepare(raw=raw, public=raw.parent / "public", private=raw.parent / "private")
print(json.dumps({"peak_rss": status("VmHWM"), "rss_after_imports": imported,
                  "raw_bytes": size, "headroom": headroom, "seconds": round(time.perf_counter() - started, 2)}))
"""


def _prepare_under_memory_cap(folder: Path, raw: Path, *, headroom_mib: int = 48, env: dict | None = None) -> dict:
    import json
    import os
    import subprocess
    import sys

    for sub in ("public", "private"):
        (raw.parent / sub).mkdir(exist_ok=True)
    threads = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", _CAPPED_PREPARE, str(folder), str(raw), str(headroom_mib)],
        capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", **threads, **(env or {})},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    log = os.environ.get("MLEBENCH_PEAK_RSS_LOG")  # docs/benchmarks.md's numbers are collected this way
    if log:
        with open(log, "a") as f:
            f.write(json.dumps({"competition": Path(folder).name, **measured}) + "\n")
    return measured



def _large_fixture_raw(folder: Path, raw: Path, globs: list[str], *, total_mib: int = 160) -> Path:
    """``folder``'s own fixture raw files written into ``raw``, the files matching ``globs`` (media a
    prepare copies without decoding) padded with random bytes to ``total_mib`` together."""
    import numpy as np

    from mlebench.registry import load_competition_module

    raw.mkdir(parents=True, exist_ok=True)
    load_competition_module(folder, "fixture").make_raw(raw)
    media = sorted({p for g in globs for p in raw.glob(g) if p.is_file()})
    assert media, f"no raw file matches {globs}"
    each = total_mib * 2**20 // len(media) + 1
    block = np.random.default_rng(0).bytes(1 << 16)
    for path in media:
        with open(path, "wb") as f:
            for _ in range(each // len(block)):
                f.write(block)
            f.write(block[: each % len(block)])
    return raw


@pytest.fixture
def assert_media_copied_under_memory_cap():
    """``check(folder, tmp_path, raw_glob, public_glob)``: with ``folder``'s fixture media matching
    ``raw_glob`` padded to 160 MiB, its prepare runs under a 48 MiB memory cap and the media land,
    every byte of them, in ``public/`` files matching ``public_glob``."""
    return _media_copied_under_memory_cap


def _media_copied_under_memory_cap(folder: Path, tmp_path: Path, raw_glob: str, public_glob: str) -> None:
    raw = _large_fixture_raw(folder, tmp_path / "raw", [raw_glob])
    _prepare_under_memory_cap(folder, raw)
    copied = sum(p.stat().st_size for p in (tmp_path / "public").glob(public_glob))
    assert copied == sum(p.stat().st_size for p in raw.glob(raw_glob)) > 160 * 2**20
