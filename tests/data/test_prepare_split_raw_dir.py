"""`mlebench prepare --split dev --raw-dir DIR` prepares every dev competition from a folder of fixtures."""

from __future__ import annotations

import json

from mlebench.registry import registry
from tests.cli._helpers import run
from tests.conftest import raw_builder


def test_prepare_dev_split_from_raw_dir(tmp_path):
    ids = registry.get_split("dev")
    assert len(ids) == 7
    raw_root, data_dir = tmp_path / "raw", tmp_path / "data"
    for cid in ids:
        make_raw = raw_builder(cid)
        assert make_raw is not None, f"{cid}: no synthetic raw fixture"
        (raw_root / cid).mkdir(parents=True)
        make_raw(raw_root / cid)

    # synthetic raw files never match the real data's checksums
    r = run("prepare", "--split", "dev", "--raw-dir", str(raw_root), "--data-dir", str(data_dir),
            "--skip-verification", timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "disk space" not in r.stderr  # nothing is downloaded: no space check

    reg = registry.set_data_dir(data_dir)
    for cid in ids:
        comp = reg.get_competition(cid)
        assert comp.public_dir.is_dir() and any(comp.public_dir.iterdir()), cid
        assert comp.private_dir.is_dir() and any(comp.private_dir.iterdir()), cid
        manifest = json.loads((comp.prepared_dir / "manifest.json").read_text())
        assert manifest["checksums"], cid
        assert comp.is_prepared(), cid
