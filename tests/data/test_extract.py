"""Raw zip extraction: parallel, byte-identical to zipfile's, resumable after a crash, with progress."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest

from mlebench.data import kaggle
from mlebench.data.extract import PART_SUFFIX, extract_zip, print_progress
from mlebench.data.prepare import PrepareOptions, prepare_competition, verify_prepared
from mlebench.errors import MLEBenchError


def _archive(path: Path, n: int = 24, size: int = 300_000) -> dict[str, bytes]:
    """A zip of ``n`` members (compressible and random ones, some in sub-folders, one empty)."""
    rng = np.random.default_rng(7)
    members = {}
    for i in range(n):
        body = rng.bytes(size) if i % 2 else bytes(rng.integers(0, 4, size, dtype=np.uint8))
        members[f"{'images/' if i % 3 else ''}m{i:03d}.bin"] = body
    members["empty.txt"] = b""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("images/", "")
        for name, body in members.items():
            zf.writestr(name, body)
    return members


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_parallel_extraction_is_byte_identical_and_reports_progress(tmp_path):
    members = _archive(tmp_path / "a.zip")
    seen: list[tuple[int, int]] = []
    names = extract_zip(tmp_path / "a.zip", tmp_path / "out", workers=4, progress=lambda d, t: seen.append((d, t)))
    assert _files(tmp_path / "out") == members and set(names) == {*members, "images/"}
    total = sum(map(len, members.values()))
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_progress_prints_one_line_per_ten_percent():
    out = io.StringIO()
    report = print_progress("extracting x.zip", stream=out)
    for done in range(0, 1001, 7):
        report(done, 1000)
    report(1000, 1000)
    lines = out.getvalue().splitlines()
    assert [line.split(": ")[1].split("%")[0] for line in lines] == [str(p) for p in range(0, 101, 10)]


def test_a_crash_mid_extraction_leaves_no_truncated_member_and_a_rerun_finishes_it(tmp_path):
    members = _archive(tmp_path / "a.zip", n=40, size=400_000)
    out = tmp_path / "out"
    crash = textwrap.dedent(f"""
        import os, threading
        from pathlib import Path
        from mlebench.data.extract import extract_zip
        started = []
        lock = threading.Lock()
        def hook(info):
            with lock:
                started.append(info.filename)
                if len(started) == 25:
                    os._exit(9)  # the process dies at once, other threads mid-write
        extract_zip(Path({str(tmp_path / "a.zip")!r}), Path({str(out)!r}), workers=4, before_member=hook)
    """)
    done = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr[-2000:]
    left = _files(out)
    complete = {name: body for name, body in left.items() if not name.endswith(PART_SUFFIX)}
    assert 0 < len(complete) < len(members)
    assert all(members[name] == body for name, body in complete.items())  # never a truncated member under its name
    before = {name: (out / name).stat().st_mtime_ns for name in complete}
    rewritten: list[str] = []
    extract_zip(tmp_path / "a.zip", out, workers=4, before_member=lambda info: rewritten.append(info.filename))
    assert _files(out) == members  # and no part files left
    assert not set(rewritten) & set(complete)
    assert all((out / name).stat().st_mtime_ns == t for name, t in before.items())


def test_a_member_of_the_wrong_size_is_extracted_again(tmp_path):
    members = _archive(tmp_path / "a.zip", n=4)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "m000.bin").write_bytes(b"short")
    extract_zip(tmp_path / "a.zip", tmp_path / "out")
    assert _files(tmp_path / "out") == members


def test_serial_and_parallel_extraction_agree_with_zipfile(tmp_path):
    members = _archive(tmp_path / "a.zip", n=10)
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        zf.extractall(tmp_path / "ref")
    for workers in (1, 3):
        extract_zip(tmp_path / "a.zip", tmp_path / f"w{workers}", workers=workers)
        assert _files(tmp_path / f"w{workers}") == _files(tmp_path / "ref") == members


@pytest.mark.parametrize("member", ["../evil.bin", "/abs/evil.bin", "ok/../../evil.bin"])
def test_escaping_members_refuse_the_archive_before_anything_is_written(tmp_path, member):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
        zf.writestr("fine.bin", b"x")
        zf.writestr(member, b"pwned")
    with pytest.raises(MLEBenchError, match="escapes the extraction folder"):
        extract_zip(tmp_path / "a.zip", tmp_path / "out" / "deep")
    assert not list(tmp_path.rglob("*evil*")) and not list((tmp_path / "out" / "deep").iterdir())


def test_prepare_continues_an_extraction_that_failed_mid_way(plugin_registry, tmp_path, monkeypatch):
    comp = plugin_registry.get_competition("plugin-slow")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    raw = tmp_path / "made"
    raw.mkdir()
    comp.generate_fn(raw)
    with zipfile.ZipFile(downloads / "plugin-slow.zip", "w") as zf:
        for p in sorted(raw.iterdir()):
            zf.write(p, p.name)
    calls: list[str] = []

    def failing(info):
        calls.append(info.filename)
        if len(calls) >= 3:  # from the third member on, the disk is gone
            raise OSError("disk went away")

    real = kaggle.extract_zip
    monkeypatch.setattr(kaggle, "extract_zip", lambda *a, **k: real(*a, **k, workers=1, before_member=failing))
    with pytest.raises(OSError, match="disk went away"):
        prepare_competition(comp, PrepareOptions(raw_dir=downloads, progress=False))
    work = comp.root / "raw.extracting"
    kept = sorted(p.name for p in work.iterdir())
    assert len(kept) == 2 and not comp.is_prepared()
    again: list[str] = []
    monkeypatch.setattr(kaggle, "extract_zip", lambda *a, **k: real(*a, **k, before_member=lambda i: again.append(i.filename)))
    prepare_competition(comp, PrepareOptions(raw_dir=downloads, progress=False))
    assert comp.is_prepared() and verify_prepared(comp) == []
    assert sorted(again) == sorted(set(p.name for p in raw.iterdir()) - set(kept))
    assert not work.exists()


def test_a_second_extraction_into_the_same_folder_is_refused(plugin_registry, tmp_path):
    import fcntl

    comp = plugin_registry.get_competition("plugin-slow")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with zipfile.ZipFile(downloads / "plugin-slow.zip", "w") as zf:
        zf.writestr("train.csv", "id,x,y\n")
    work = comp.root / "raw.extracting"
    work.mkdir(parents=True)
    fd = os.open(work, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(MLEBenchError, match="another process is extracting"):
            prepare_competition(comp, PrepareOptions(raw_dir=downloads))
    finally:
        os.close(fd)
