"""A profile's image is the host's venv copied once into a container of the Dockerfile's shell image and
committed (no build context holding the venv): here with a small venv made for the test, in the real
engine. The `v1` profile's image itself is used by tests/runner/test_env_v1.py."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

from mlebench.errors import MLEBenchError
from mlebench.runner.docker import images
from tests.runner.test_docker import engine  # noqa: F401 - a fixture


def _small_venv(root: Path, python: str | None = None) -> Path:
    """A venv like a built profile's: a module, a console script whose first line names the host's venv
    python, and a python link (which the image replaces with its own)."""
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    if python:
        cfg = venv / "pyvenv.cfg"
        cfg.write_text("".join(f"version = {python}\n" if line.startswith("version") else line
                               for line in cfg.read_text().splitlines(keepends=True)))
    site = next(venv.glob("lib/python3*/site-packages"))
    (site / "mlebench_probe.py").write_text("WHERE = __file__\n")
    script = venv / "bin" / "probe"
    script.write_text(f"#!{venv}/bin/python\nimport mlebench_probe, os\nprint(mlebench_probe.WHERE, os.getuid())\n")
    script.chmod(0o755)
    return venv


def _leftovers(client, tag: str) -> list[str]:
    found = [c.name for c in client.containers.list(all=True, filters={"label": f"{images.LABEL}=build"})]
    return found + [t for i in client.images.list(name=tag.partition(":")[0]) for t in i.tags]


def test_a_venv_becomes_an_image_in_one_copy(engine, tmp_path):  # noqa: F811
    venv = _small_venv(tmp_path)
    lock = tmp_path / "lock.txt"
    lock.write_text("# the test venv's lock\n")
    tag = f"mlebench-env-test-{uuid.uuid4().hex[:8]}:1"
    try:
        assert images.image_from_venv(engine, venv, lock, tag, echo=lambda _: None) == tag
        out = engine.containers.run(tag, ["probe"], remove=True, environment={"PATH": "/opt/mlebench-env/bin:/usr/bin:/bin"})
        site = next(venv.glob("lib/python3*/site-packages")).relative_to(venv)
        assert out.decode().split() == [f"/opt/mlebench-env/{site}/mlebench_probe.py", "1000"]
        cat = engine.containers.run(tag, ["cat", "/opt/agent-requirements.txt", "/opt/mlebench-env/pyvenv.cfg"], remove=True)
        assert cat.decode().startswith("# the test venv's lock\n") and "home = /usr/bin" in cat.decode()
        config = engine.images.get(tag).attrs["Config"]
        assert (config["User"], config["WorkingDir"], config["Cmd"]) == ("1000:1000", "/home", ["/bin/sh"])
        assert config["Labels"][images.LABEL] == "image"
        assert _leftovers(engine, tag) == [tag]  # no shell tag, no build container
    finally:
        for image in engine.images.list(name=tag.partition(":")[0]):
            engine.images.remove(image.id, force=True)


def test_a_venv_for_another_python_is_refused_in_one_line(engine, tmp_path):  # noqa: F811
    venv = _small_venv(tmp_path, python="3.7.1")
    (tmp_path / "lock.txt").write_text("# the test venv's lock\n")
    tag = f"mlebench-env-test-{uuid.uuid4().hex[:8]}:1"
    with pytest.raises(MLEBenchError) as e:
        images.image_from_venv(engine, venv, tmp_path / "lock.txt", tag, echo=lambda _: None)
    assert "the venv is for python 3.7, this image has 3." in str(e.value) and "\n" not in str(e.value).strip()
    assert _leftovers(engine, tag) == []


def test_the_venv_is_streamed_and_a_packing_error_reaches_the_reader(tmp_path):
    (tmp_path / "a").write_text("x" * 3_000_000)
    chunks = list(images._tar_stream(tmp_path, lambda info: info))
    assert len(chunks) > 1 and max(map(len, chunks)) <= 1 << 20  # read in pieces, never whole
    (tmp_path / "out.tar").write_bytes(b"".join(chunks))
    with tarfile.open(tmp_path / "out.tar") as tar:
        assert sorted(tar.getnames()) == [".", "./a"]

    def broken(info):
        raise OSError("disk went away")
    with pytest.raises(OSError, match="disk went away"):
        list(images._tar_stream(tmp_path, broken))
