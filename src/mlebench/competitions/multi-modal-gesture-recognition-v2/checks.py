"""multi-modal-gesture-recognition-v2: version 1's files, with the test samples' labels removed."""

import io
import tarfile
import zipfile
from pathlib import Path

import numpy as np
from scipy.io import loadmat

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "multi-modal-gesture-recognition", "checks")


def test_files_are_version_1s_but_test_mats_hold_no_labels(comp, prepared, tmp_path):
    raw = _v1.check_common_files(comp, prepared)
    fields = _v1.mat_video_fields(comp.public_dir / "test.tar.gz")
    assert sorted(fields) == ["0010", "0011", "0012", "0013", "0014"]
    assert all("Labels" not in f and "NumFrames" in f for f in fields.values())
    # the same members, in the same order; everything but the .mat files byte for byte
    with tarfile.open(raw / "training4.tar.gz") as a, tarfile.open(comp.public_dir / "test.tar.gz") as b:
        ma, mb = a.getmembers(), b.getmembers()
        assert [m.name for m in ma] == [m.name for m in mb] and [m.mtime for m in ma] == [m.mtime for m in mb]
        for x, y in zip(ma, mb):
            with zipfile.ZipFile(io.BytesIO(a.extractfile(x).read())) as za, zipfile.ZipFile(io.BytesIO(b.extractfile(y).read())) as zb:
                assert za.namelist() == zb.namelist()
                for name in za.namelist():
                    if name.endswith("_data.mat"):
                        va, vb = loadmat(io.BytesIO(za.read(name)))["Video"], loadmat(io.BytesIO(zb.read(name)))["Video"]
                        assert "Labels" in va.dtype.names
                        for f in vb.dtype.names:
                            assert np.array_equal(va[f][0, 0], vb[f][0, 0])
                    else:
                        assert za.read(name) == zb.read(name)
    # preparing twice gives the same archive
    prepare = load_competition_module(comp.folder, "prepare")
    prepare.scrub_archive(raw / "training4.tar.gz", tmp_path / "again.tar.gz")
    assert (tmp_path / "again.tar.gz").read_bytes() == (comp.public_dir / "test.tar.gz").read_bytes()
