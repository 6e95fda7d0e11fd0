"""prepare orchestration: atomic, idempotent, checksums verified, --raw-dir as a folder or a zip."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from mlebench.data import checksums as cks
from mlebench.data.prepare import PrepareOptions, prepare_competition, verify_prepared
from mlebench.errors import MLEBenchError

PLUGIN_SLOW = Path(__file__).parents[1] / "fixtures" / "plugins" / "plugin-slow"


def _raw_files(tmp: Path) -> Path:
    """The plugin-slow raw files, produced by its own generator into tmp/plugin-slow/."""
    from mlebench.registry import load_module

    raw = tmp / "plugin-slow"
    raw.mkdir(parents=True)
    load_module(PLUGIN_SLOW / "raw.py", "plugin-slow.raw").generate(raw)
    return raw


def test_prepare_writes_public_private_description_and_a_verified_manifest(plugin_registry):
    comp = plugin_registry.get_competition("plugin-slow")
    prepare_competition(comp)
    assert sorted(p.name for p in comp.public_dir.iterdir()) == ["description.md", "sample_submission.csv", "test.csv", "train.csv"]
    assert [p.name for p in comp.private_dir.iterdir()] == ["test.csv"]
    assert (comp.public_dir / "description.md").read_text() == (PLUGIN_SLOW / "description.md").read_text()
    manifest = json.loads((comp.prepared_dir / "manifest.json").read_text())
    assert manifest["verified"] is True
    assert manifest["competition_version"] == 3
    assert manifest["checksums"]["private/test.csv"] == cks.read_checksums(comp.checksums)["private/test.csv"]
    assert not comp.raw_dir.exists()  # raw removed without --keep-raw
    assert [p.name for p in comp.root.iterdir()] == ["prepared"]  # no partial folders left


def test_prepare_is_idempotent_and_keep_raw_keeps_raw(plugin_registry):
    comp = plugin_registry.get_competition("plugin-slow")
    prepare_competition(comp, PrepareOptions(keep_raw=True))
    assert (comp.raw_dir / "train.csv").is_file()
    before = (comp.answers.stat().st_mtime_ns, (comp.prepared_dir / "manifest.json").read_text())
    again = prepare_competition(comp)
    assert again.status == "already prepared"
    assert (comp.answers.stat().st_mtime_ns, (comp.prepared_dir / "manifest.json").read_text()) == before
    assert prepare_competition(comp, PrepareOptions(overwrite=True)).status == "prepared"


def test_leftovers_of_a_crashed_prepare_never_look_prepared_and_are_cleaned(plugin_registry):
    comp = plugin_registry.get_competition("plugin-slow")
    # what a killed process leaves: half-written partial folders, no manifest
    (comp.root / "prepared.partial-99999" / "public").mkdir(parents=True)
    (comp.root / "prepared.partial-99999" / "public" / "train.csv").write_text("id,x,y\n0,0")
    (comp.root / "raw.partial-99999").mkdir()
    assert not comp.is_prepared()
    prepare_competition(comp)
    assert comp.is_prepared() and verify_prepared(comp) == []
    assert sorted(p.name for p in comp.root.iterdir()) == ["prepared"]


def test_a_failing_prepare_function_leaves_nothing_prepared(plugin_registry, monkeypatch):
    comp = plugin_registry.get_competition("plugin-slow")
    prepare_competition(comp, PrepareOptions(keep_raw=True))
    from mlebench.registry import load_module

    module = load_module(PLUGIN_SLOW / "prepare.py", "plugin-slow.prepare")

    def broken(raw, public, private):
        (public / "train.csv").write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "prepare", broken)
    with pytest.raises(RuntimeError):
        prepare_competition(comp, PrepareOptions(overwrite=True))
    # the old prepared copy is untouched; the half-written one is not in its place
    assert comp.is_prepared() and verify_prepared(comp) == []


def test_checksum_mismatch_is_refused_unless_verification_is_skipped(plugin_registry, tmp_path):
    comp = plugin_registry.get_competition("plugin-slow")
    raw_root = tmp_path / "downloads"
    raw = _raw_files(raw_root)
    (raw / "train.csv").write_text((raw / "train.csv").read_text().replace("0.3", "0.4"))
    with pytest.raises(MLEBenchError, match=r"do not match the recorded checksums.*--skip-verification"):
        prepare_competition(comp, PrepareOptions(raw_dir=raw_root))
    assert not comp.is_prepared()
    assert not list(comp.root.glob("prepared*"))
    prepare_competition(comp, PrepareOptions(raw_dir=raw_root, skip_verification=True))
    assert comp.is_prepared()
    assert json.loads((comp.prepared_dir / "manifest.json").read_text())["verified"] is False
    # a prepared file changed afterwards is reported
    comp.answers.write_text("id,y\n")
    assert any("private/test.csv" in p for p in verify_prepared(comp))


def test_raw_dir_as_a_folder(plugin_registry, tmp_path):
    comp = plugin_registry.get_competition("plugin-slow")
    raw_root = tmp_path / "downloads"
    _raw_files(raw_root)
    prepare_competition(comp, PrepareOptions(raw_dir=raw_root))
    assert comp.is_prepared() and verify_prepared(comp) == []
    assert (raw_root / "plugin-slow" / "train.csv").is_file()  # the user's files are left alone


def test_raw_dir_as_a_zip_with_a_nested_zip(plugin_registry, tmp_path):
    comp = plugin_registry.get_competition("plugin-slow")
    raw = _raw_files(tmp_path / "staging")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    inner = tmp_path / "train.csv.zip"
    with zipfile.ZipFile(inner, "w") as z:  # Kaggle sometimes zips single files inside the archive
        z.write(raw / "train.csv", "train.csv")
    with zipfile.ZipFile(downloads / "plugin-slow.zip", "w") as z:
        z.write(inner, "train.csv.zip")
        for p in raw.glob("part_*.csv"):
            z.write(p, p.name)
    prepare_competition(comp, PrepareOptions(raw_dir=downloads))
    assert comp.is_prepared() and verify_prepared(comp) == []
    assert json.loads((comp.prepared_dir / "manifest.json").read_text())["verified"] is True


def test_raw_dir_without_the_competition_names_both_expected_places(plugin_registry, tmp_path):
    comp = plugin_registry.get_competition("plugin-slow")
    with pytest.raises(MLEBenchError, match=r"plugin-slow/ or .*plugin-slow\.zip"):
        prepare_competition(comp, PrepareOptions(raw_dir=tmp_path))


@pytest.mark.parametrize("member", ["../evil.csv", "/abs/evil.csv", "ok/../../evil.csv"])
def test_zip_slip_members_are_refused(plugin_registry, tmp_path, member):
    comp = plugin_registry.get_competition("plugin-slow")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with zipfile.ZipFile(downloads / "plugin-slow.zip", "w") as z:
        z.writestr("train.csv", "id,x,y\n")
        z.writestr(member, "pwned")
    with pytest.raises(MLEBenchError, match="escapes the extraction folder"):
        prepare_competition(comp, PrepareOptions(raw_dir=downloads))
    assert not list(tmp_path.rglob("evil.csv"))
    assert not Path("/abs/evil.csv").exists()
    assert not comp.is_prepared()


def test_checksums_stream_and_diff():
    assert cks.diff_checksums({"a": "1"}, {"a": "1", "b": "2"}) == []
    assert cks.diff_checksums({"a": "1"}, {"a": "1", "b": "2"}, strict=True) == ["b: produced but not expected"]
    assert cks.diff_checksums({"a": "1", "c": "3"}, {"a": "9"}) == [
        "a: md5 9 != expected 1",
        "c: expected but not produced",
    ]


def test_a_long_prepare_reports_progress_and_a_quiet_one_prints_nothing(plugin_registry, monkeypatch, capsys):
    """Prepare functions report nothing themselves: a heartbeat names the step, its time and the bytes
    this process read and wrote, while it runs and when it ends; with progress off nothing is printed."""
    from mlebench.data import extract

    comp = plugin_registry.get_competition("plugin-slow")
    monkeypatch.setattr(extract, "HEARTBEAT_SECONDS", 0.05)
    monkeypatch.setenv("PLUGIN_SLOW_SECONDS", "0.1")
    prepare_competition(comp, PrepareOptions(keep_raw=True, progress=True))
    lines = [line for line in capsys.readouterr().err.splitlines() if "preparing" in line]
    assert len(lines) >= 3, lines
    assert all(re.fullmatch(r"plugin-slow: preparing: 0m0\ds, \d+\.\d\d GiB read, \d+\.\d\d GiB written( \(done\))?", line)
               for line in lines), lines
    assert lines[-1].endswith("(done)") and not any(line.endswith("(done)") for line in lines[:-1])
    prepare_competition(comp, PrepareOptions(overwrite=True, progress=False))
    assert capsys.readouterr().err == ""


def test_the_heartbeat_counts_what_the_step_writes(tmp_path):
    import io

    from mlebench.data.extract import heartbeat

    out = io.StringIO()
    with heartbeat("writing", every=0.0001, stream=out):
        (tmp_path / "big").write_bytes(b"x" * (2**28))  # 0.25 GiB
    assert out.getvalue().splitlines()[-1].endswith("0.25 GiB written (done)"), out.getvalue()
