"""The committed locks (harness and agents' environment) and the agent environment built from them."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

from mlebench.errors import MLEBenchError
from mlebench.runner import env as agent_env

ROOT = Path(__file__).resolve().parents[2]
SIX = ("six==1.17.0 \\\n"
       "    --hash=sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274 \\\n"
       "    --hash=sha256:ff70335d468e7eb6ec65b95b99d3a2836546063f63acc5171de367e834932a81\n")


def _requirement_blocks(lock: Path) -> list[str]:
    """Each requirement of a lock with its continuation lines, comments left out."""
    blocks, current = [], []
    for line in lock.read_text().splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            current = [line]
            blocks.append(current)
        elif line.strip().startswith("--hash=") and current:
            current.append(line)
    return ["\n".join(b) for b in blocks]


LOCKS = {"harness": ROOT / "requirements" / "harness.lock", **{p: agent_env.lock_file(p) for p in agent_env.profiles()}}


@pytest.mark.parametrize("lock", LOCKS.values(), ids=LOCKS.keys())
def test_every_requirement_of_a_lock_is_pinned_with_hashes(lock):
    blocks = _requirement_blocks(lock)
    assert len(blocks) >= 10
    for block in blocks:
        assert re.match(r"[A-Za-z0-9._-]+==\S+", block), f"not pinned: {block.splitlines()[0]}"
        assert "--hash=sha256:" in block, f"no hash: {block.splitlines()[0]}"


def test_the_harness_lock_covers_pyproject_and_every_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {agent_env._name(r) for r in project["dependencies"]}
    for extra in ("dev", "ray", "docker", "kaggle"):
        wanted |= {agent_env._name(r) for r in project["optional-dependencies"][extra]}
    locked = {agent_env._name(b) for b in _requirement_blocks(ROOT / "requirements" / "harness.lock")}
    assert wanted - locked == set()
    assert {"pip", "setuptools"} <= locked  # the editable install builds with the locked setuptools


@pytest.mark.parametrize("profile", agent_env.profiles())
def test_each_profile_lock_has_its_top_level_names_at_their_pinned_versions(profile):
    lock = agent_env.lock_file(profile)
    wanted = [ln.strip() for ln in lock.with_suffix(".in").read_text().splitlines()
              if ln.strip() and not ln.startswith("#")]
    locked = {agent_env._name(b): b.split("==", 1)[1].split()[0] for b in _requirement_blocks(lock)}
    assert {"numpy", "pandas", "scikit-learn"} <= {agent_env._name(w) for w in wanted}
    for requirement in wanted:
        assert agent_env._name(requirement) in locked, f"{profile}: {requirement} is not in {lock.name}"
        if "==" in requirement:  # v1's versions: kept exactly
            assert Version(locked[agent_env._name(requirement)]) == Version(requirement.split("==", 1)[1]), requirement


def test_the_v1_profile_is_v1s_ml_stack():
    assert agent_env.profiles() == ["minimal", "v1", "v1-gpu"]
    pins = agent_env._pins(agent_env.lock_file("v1"))
    assert {"torch": "2.2.0", "tensorflow": "2.17.0", "lightgbm": "4.5.0", "transformers": "4.44.2"}.items() <= pins.items()
    assert agent_env.default_env_dir("v1") == agent_env.CACHE / "envs" / "v1"
    assert agent_env.lock_hashes("v1")["agent_env"] == agent_env._digest(agent_env.lock_file("v1"))
    assert agent_env.lock_hashes("v1")["agent_env"] != agent_env.lock_hashes()["agent_env"]


def test_the_v1_gpu_profile_is_v1_with_tensorflows_cuda_libraries():
    """Same top-level pins as v1; its CUDA wheels are tensorflow[and-cuda]'s, overriding torch's (the only
    differences besides nvidia-* packages: none), and an overridden lock installs with --no-deps."""
    v1, gpu = (agent_env._pins(agent_env.lock_file(p)) for p in ("v1", "v1-gpu"))
    assert agent_env.top_level_packages("v1-gpu") == agent_env.top_level_packages("v1")
    assert {k: v for k, v in gpu.items() if not k.startswith("nvidia-")} == \
        {k: v for k, v in v1.items() if not k.startswith("nvidia-")}
    assert (v1["nvidia-cudnn-cu12"], gpu["nvidia-cudnn-cu12"]) == ("8.9.2.26", "8.9.7.29")
    assert (v1["nvidia-cublas-cu12"], gpu["nvidia-cublas-cu12"]) == ("12.1.3.1", "12.3.4.1")
    assert "nvidia-cuda-nvcc-cu12" in gpu and "nvidia-cuda-nvcc-cu12" not in v1
    assert "tensorflow[and-cuda]==2.17.0" in agent_env.lock_file("v1-gpu").with_suffix(".in").read_text().split()
    assert agent_env.lock_file("v1-gpu").with_suffix(".overrides").is_file()


def test_lock_hashes_are_the_sha256_of_the_committed_files():
    hashes = agent_env.lock_hashes()
    assert hashes["harness"] == hashlib.sha256((ROOT / "requirements" / "harness.lock").read_bytes()).hexdigest()[:16]
    assert hashes["agent_env"] == hashlib.sha256(agent_env.REQUIREMENTS.read_bytes()).hexdigest()[:16]


def test_an_unknown_profile_is_a_one_line_error():
    assert agent_env.profiles()[0] == "minimal"
    assert agent_env.lock_file("minimal") == agent_env.REQUIREMENTS
    for bad in ("nope", "../runner/agent-requirements", "MINIMAL"):
        with pytest.raises(MLEBenchError, match="unknown environment profile .*known: minimal"):
            agent_env.lock_file(bad)


def test_harness_deviations_name_what_differs_from_a_lock(tmp_path):
    from importlib import metadata

    numpy_version = metadata.version("numpy")
    lock = tmp_path / "harness.lock"
    lock.write_text(
        f"numpy=={numpy_version} \\\n    --hash=sha256:{'0' * 64}\n"
        "pandas==0.0.1 \\\n    --hash=sha256:" + "1" * 64 + "\n"
        "pywin32==312 ; sys_platform == 'win32' \\\n    --hash=sha256:" + "2" * 64 + "\n"
        "some-extra-only-package==1.0 \\\n    --hash=sha256:" + "3" * 64 + "\n")
    assert agent_env.harness_deviations(lock) == [f"pandas: installed {metadata.version('pandas')}, lock 0.0.1"]


def test_a_hashed_lock_is_installed_with_hashes_checked(tmp_path):
    """A real venv from a one-package lock from the registry; a wrong hash is refused, one line."""
    lock = tmp_path / "lock.txt"
    lock.write_text(SIX)
    env_dir = agent_env.build(tmp_path / "env", lock, echo=lambda *_: None)
    marker = json.loads((env_dir / agent_env.MARKER).read_text())
    assert marker["packages"] == {"six": "1.17.0"} and agent_env.is_built(env_dir, lock)
    out = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import six; print(six.__version__)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "1.17.0"

    bad = tmp_path / "bad.txt"
    bad.write_text(SIX.replace("4721f391", "4721f392").replace("ff70335d", "ff70335e"))
    with pytest.raises(MLEBenchError, match="installing the agent environment failed"):
        agent_env.build(tmp_path / "env-bad", bad, echo=lambda *_: None)
    assert not agent_env.is_built(tmp_path / "env-bad", bad)


def test_the_default_agent_environment_is_exactly_its_lock():
    """`mlebench env build` (CI runs it first): every package of the venv is the locked version, no more."""
    env_dir = agent_env.build(echo=lambda *_: None)
    listed = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "list", "--format=json",
                             "--disable-pip-version-check"], capture_output=True, text=True, check=True).stdout
    installed = {agent_env._name(p["name"]): p["version"] for p in json.loads(listed)}
    installed = {k: v for k, v in installed.items() if k not in ("pip", "setuptools", "wheel")}
    assert installed == agent_env._pins(agent_env.REQUIREMENTS)
    assert agent_env.import_check(env_dir, agent_env.top_level_packages()) == {}


def test_the_import_check_names_what_does_not_import(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text(SIX)
    env_dir = agent_env.build(tmp_path / "env", lock, echo=lambda *_: None)
    assert agent_env.import_check(env_dir, ["six"]) == {}
    next(env_dir.glob("lib/python3*/site-packages/six.py")).write_text("raise ImportError('broken on purpose')\n")
    assert agent_env.import_check(env_dir, ["six", "NumPy"]) == {
        "six": "import six: ImportError: broken on purpose", "numpy": "not installed, or no importable module"}
