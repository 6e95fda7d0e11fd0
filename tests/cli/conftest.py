"""Fixtures for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def offline_data_dir(prepared) -> Path:
    """The session's data dir, with offline-tabular-binary prepared (by tests/conftest.py)."""
    prepared.get("offline-tabular-binary")
    return prepared.data_dir
