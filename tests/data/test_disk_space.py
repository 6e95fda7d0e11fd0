"""`prepare` of many competitions checks the data dir's free space before any download or credentials."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from mlebench.data.space import DOWNLOAD_FACTOR, GB, check_space, known_sizes, space_needed
from mlebench.errors import MLEBenchError
from tests.cli._helpers import run


def test_size_arithmetic():
    sizes = {"a": 1.5, "b": 10.0, "c": 0.25}
    need = space_needed(["a", "b-v2", "zzz"], ["c"], sizes)
    # downloads count DOWNLOAD_FACTOR x (raw + prepared); raw already here counts once; -v2 shares its v1 size
    assert DOWNLOAD_FACTOR == 2
    assert need.needed_bytes == pytest.approx((2 * 1.5 + 2 * 10.0 + 0.25) * GB)
    assert need.counted == ["a", "b-v2", "c"] and need.unknown == ["zzz"]
    assert space_needed([], [], sizes).needed_bytes == 0


def test_packaged_sizes_match_catalog_lite_total():
    sizes = known_sizes()
    assert sizes["aptos2019-blindness-detection"] == 10.22
    assert 150 < sum(sizes.values()) < 170  # the catalog sizes Lite only: 158 GB


def test_check_space_refuses_when_too_big(tmp_path):
    need = space_needed(["a"], [], {"a": 1e9})  # 2 EB
    with pytest.raises(MLEBenchError, match=r"not enough disk space: .*needs about .*free in"):
        check_space(tmp_path, need)
    assert "needs about 0.0 kB" not in check_space(tmp_path, space_needed(["a"], [], {"a": 1e-6}))


@pytest.fixture
def small_tmpfs():
    folder = Path(tempfile.mkdtemp(prefix="mlebench-space-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def test_prepare_all_refuses_on_small_disk(small_tmpfs):
    # no Kaggle credentials at all: the space check must come first (and before any network access)
    r = run("prepare", "--all", "--data-dir", str(small_tmpfs), timeout=60,
            KAGGLE_API_TOKEN="", KAGGLE_CONFIG_DIR=str(small_tmpfs / "no-kaggle"), HOME=str(small_tmpfs / "no-home"))
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error: not enough disk space: preparing ")
    assert "GB" in lines[0] and "needs about" in lines[0] and "MB free in" in lines[0]
    assert "credentials" not in r.stderr
    assert [p.name for p in small_tmpfs.iterdir()] == []  # nothing downloaded or created


def test_raw_dir_skips_space_check(small_tmpfs, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    r = run("prepare", "--split", "dev", "--raw-dir", str(raw), "--data-dir", str(small_tmpfs), timeout=60)
    assert "disk space" not in r.stderr
