"""Fixtures for the data-stage tests: registries that see the test plugin competitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlebench.registry import Registry

PLUGINS = Path(__file__).parents[1] / "fixtures" / "plugins"


@pytest.fixture
def plugin_registry(tmp_path, monkeypatch) -> Registry:
    """A fresh registry over a tmp data dir that finds tests/fixtures/plugins via MLEBENCH_COMPETITIONS_PATH."""
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    monkeypatch.delenv("PLUGIN_SLOW_SECONDS", raising=False)
    return Registry(tmp_path / "data")
