"""The docker sandbox picks the image of the run's environment profile (the profile its venv's marker
records): the default image for none, a one-line error naming the two build commands for a profile whose
image is not built (`v1-gpu` is never built on the CI machine: no GPU), and the default for a marker
naming no known profile. The `v1` image itself runs in tests/runner/test_env_v1.py."""

from __future__ import annotations

import dataclasses
import json

import pytest

from mlebench.errors import MLEBenchError
from mlebench.runner import env as agent_env
from tests.runner.test_docker import _spec, backend, engine  # noqa: F401 - engine is a fixture


def _with_marker(tmp_path, profile):
    spec = _spec(tmp_path)
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / agent_env.MARKER).write_text(json.dumps({"profile": profile}))
    return dataclasses.replace(spec, python_env=venv)


def test_the_image_follows_the_venvs_profile(engine, tmp_path):  # noqa: F811
    sandbox = backend.DockerBackend()
    assert sandbox.image_for(_spec(tmp_path / "none")) == backend.ENV_IMAGE
    assert sandbox.image_for(_with_marker(tmp_path / "minimal", "minimal")) == backend.ENV_IMAGE
    for hostile in ("../../etc", "nope", 7):
        assert sandbox.image_for(_with_marker(tmp_path / f"h{hostile}".replace("/", "_"), hostile)) == backend.ENV_IMAGE
    with pytest.raises(MLEBenchError) as e:
        sandbox.image_for(_with_marker(tmp_path / "gpu", "v1-gpu"))
    tag = f"mlebench-env-v1-gpu:{agent_env.lock_hashes('v1-gpu')['agent_env']}"
    assert str(e.value) == (f"no image {tag} (environment 'v1-gpu'): run `mlebench env build --profile v1-gpu, "
                            "then mlebench env build --sandbox docker`")
    assert backend.profile_image("v1-gpu") == tag and backend.profile_image("minimal") == backend.ENV_IMAGE
