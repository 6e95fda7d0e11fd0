"""`mlebench prepare --lite --raw-dir DIR` on a folder of synthetic raw downloads of all 22 Lite competitions."""

from __future__ import annotations

import json
import subprocess
import sys

from mlebench.registry import registry
from tests.conftest import raw_builder


def test_prepare_lite_from_raw_dir(tmp_path):
    lite = registry.get_lite_competition_ids()
    assert len(lite) == 22
    raw_root = tmp_path / "downloads"
    for cid in lite:
        make_raw = raw_builder(cid)
        assert make_raw is not None, f"no synthetic raw fixture for {cid}"
        (raw_root / cid).mkdir(parents=True)
        make_raw(raw_root / cid)
    data = tmp_path / "data"
    # synthetic files never match the real data's recorded checksums, hence --skip-verification
    proc = subprocess.run([sys.executable, "-m", "mlebench.cli", "prepare", "--lite", "--raw-dir", str(raw_root),
                           "--data-dir", str(data), "--skip-verification", "-j", "2"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    for cid in lite:
        manifest = json.loads((data / cid / "prepared" / "manifest.json").read_text())
        assert manifest["competition_id"] == cid
        assert (data / cid / "prepared" / "public" / "description.md").exists()
        assert any((data / cid / "prepared" / "private").iterdir())
    assert list(raw_root.glob("*/.complete")) == []  # the given raw folders are read, never modified
