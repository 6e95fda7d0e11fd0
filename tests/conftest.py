"""Shared test setups: a session-wide data dir of prepared competitions built from fixtures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mlebench.data.prepare import PrepareOptions, prepare_competition
from mlebench.registry import Competition, registry

FIXTURES = Path(__file__).parent / "fixtures"
KAGGLE_RAW = FIXTURES / "kaggle_raw"


def raw_builder(competition_id: str):
    """``make_raw(raw_dir)``: synthetic files laid out like Kaggle's download, from the competition's own
    ``fixture.py`` (see docs/competition-kit.md), else from tests/fixtures/kaggle_raw/<id>.py."""
    own = registry.get_competition(competition_id).fixture_fn
    if own is not None:
        return own
    path = KAGGLE_RAW / f"{competition_id}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"kaggle_raw_{competition_id.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_raw


class PreparedData:
    """Prepares competitions on first use into one data dir shared by the whole session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data_dir = root / "data"
        self.raw_root = root / "raw"
        self.registry = registry.set_data_dir(self.data_dir)

    def get(self, competition_id: str) -> Competition:
        comp = self.registry.get_competition(competition_id)
        if comp.is_prepared():
            return comp
        opts = PrepareOptions(keep_raw=True)
        if comp.config.source != "generator":
            make_raw = raw_builder(competition_id)
            if make_raw is None:
                pytest.fail(f"{competition_id}: no synthetic raw fixture (fixture.py in its folder)")
            raw = self.raw_root / competition_id
            if not raw.exists():
                raw.mkdir(parents=True)
                make_raw(raw)
            # synthetic raw files never match the real data's checksums
            opts = PrepareOptions(raw_dir=self.raw_root, skip_verification=True)
        prepare_competition(comp, opts)
        return comp


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-cases", type=int, default=None,
                     help="tests/fuzz long mode: this many random submissions over all competitions")


@pytest.fixture(scope="session")
def prepared(tmp_path_factory) -> PreparedData:
    return PreparedData(tmp_path_factory.mktemp("prepared"))
