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
    """``check(comp, prepared, tmp_path, folder)``: a download whose ``folder`` of the raw files comes
    zipped (``folder.zip``) prepares exactly the same files, byte for byte."""
    return _zipped_same


def _zipped_same(comp, prepared, tmp_path: Path, folder: str) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / comp.id, raw)
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
