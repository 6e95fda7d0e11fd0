"""`mlebench prepare` end to end: killed mid-way then rerun, and -j 2 across competitions."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from mlebench.data.prepare import verify_prepared
from mlebench.registry import Registry
from tests.cli._helpers import PLUGINS, run, start


def _wait_for(pattern: str, root: Path, proc, timeout: float = 120) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hits = list(root.glob(pattern))
        if hits:
            return hits[0]
        assert proc.poll() is None, f"prepare ended before {pattern} appeared: {proc.communicate()}"
        time.sleep(0.05)
    raise AssertionError(f"{pattern} did not appear within {timeout}s")


def _kill(proc) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_prepare_killed_mid_way_then_rerun_is_prepared_and_verified(tmp_path, monkeypatch):
    data = tmp_path / "data"
    root = data / "plugin-slow"
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    comp = Registry(data).get_competition("plugin-slow")
    args = ("prepare", "-c", "plugin-slow", "--data-dir", data)

    # 1. killed while the generator writes the raw files (4 parts, 0.4 s apart)
    proc = start(*args, PLUGIN_SLOW_SECONDS="0.4")
    _wait_for("raw.partial-*/part_0.csv", root, proc)
    _kill(proc)
    assert not comp.is_prepared()
    assert not (root / "raw").exists() and not (root / "prepared").exists()

    # 2. rerun, killed while prepare writes the split files (a raw folder is complete by now)
    proc = start(*args, PLUGIN_SLOW_SECONDS="0.4")
    _wait_for("prepared.partial-*/public/train.csv", root, proc)
    _kill(proc)
    assert not comp.is_prepared()
    assert not (root / "prepared").exists()
    assert (root / "raw" / ".complete").exists()
    assert list(root.glob("prepared.partial-*"))  # the leftovers of the killed run

    # 3. rerun to the end
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert comp.is_prepared()
    assert verify_prepared(comp) == []
    assert json.loads((comp.prepared_dir / "manifest.json").read_text())["verified"] is True
    assert sorted(p.name for p in root.iterdir()) == ["prepared"]  # partials and raw cleaned up


def test_prepare_split_in_parallel(tmp_path, monkeypatch):
    data = tmp_path / "data"
    result = run("prepare", "--split", "plugin-demo", "-j", "2", "--data-dir", data, "--keep-raw")
    assert result.returncode == 0, result.stderr
    assert "2/2" in result.stderr  # the progress bar counted both
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    reg = Registry(data)
    for cid in ("plugin-slow", "plugin-fast"):
        comp = reg.get_competition(cid)
        assert comp.is_prepared() and verify_prepared(comp) == [], cid
        assert (comp.raw_dir / ".complete").exists()
        assert cid in result.stdout
    assert result.stdout.count("prepared") >= 2
