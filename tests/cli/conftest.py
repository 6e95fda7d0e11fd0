"""Fixtures for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli._helpers import run


@pytest.fixture(scope="session")
def offline_data_dir(tmp_path_factory) -> Path:
    """A data dir with offline-tabular-binary prepared by the real CLI."""
    data = tmp_path_factory.mktemp("cli-data")
    result = run("prepare", "-c", "offline-tabular-binary", "--data-dir", data)
    assert result.returncode == 0, result.stderr
    return data
