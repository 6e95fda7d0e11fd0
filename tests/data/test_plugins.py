"""Competitions from user plugin folders (MLEBENCH_COMPETITIONS_PATH) and `mlebench.competitions` entry points."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest

from mlebench import registry as registry_module
from mlebench.data.prepare import prepare_competition, verify_prepared
from mlebench.errors import MLEBenchError, UnknownCompetitionError
from mlebench.registry import Registry
from mlebench.utils import load_answers

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_plugin_folder_competitions_and_splits_are_found(plugin_registry):
    ids = plugin_registry.list_competition_ids()
    assert {"plugin-slow", "plugin-fast", "offline-tabular-binary"} <= set(ids)
    assert plugin_registry.get_split("plugin-demo") == ["plugin-slow", "plugin-fast"]
    comp = plugin_registry.get_competition("plugin-slow")
    assert comp.version == 3
    assert comp.is_lower_better  # from the metric's direction
    assert comp.folder == FIXTURES / "plugins" / "plugin-slow"


def test_plugin_folder_is_invisible_without_the_env_var(tmp_path, monkeypatch):
    monkeypatch.delenv("MLEBENCH_COMPETITIONS_PATH", raising=False)
    with pytest.raises(UnknownCompetitionError, match="plugin-slow"):
        Registry(tmp_path).get_competition("plugin-slow")


def test_add_folder_works_like_the_env_var(tmp_path, monkeypatch):
    monkeypatch.delenv("MLEBENCH_COMPETITIONS_PATH", raising=False)
    reg = Registry(tmp_path)
    reg.add_folder(FIXTURES / "plugins")
    assert reg.get_competition("plugin-fast").name == "Test plugin: fast classification"


def test_a_plugin_competition_prepares_and_grades(plugin_registry):
    comp = plugin_registry.get_competition("plugin-slow")
    result = prepare_competition(comp)
    assert result.status == "prepared"
    assert verify_prepared(comp) == []
    answers = load_answers(comp.answers)
    assert comp.grader(answers.copy(), answers) == 0.0
    # sample predicts 0.5 everywhere: RMSE of answers against 0.5, rounded to 5 decimals like v1
    sample = pd.read_csv(comp.sample_submission)
    expected = round(float(((answers["y"] - 0.5) ** 2).mean() ** 0.5), 5)
    assert comp.grader(sample, answers) == expected


def test_duplicate_competition_ids_are_refused(tmp_path, monkeypatch):
    copy = tmp_path / "other" / "plugin-fast"
    copy.mkdir(parents=True)
    (copy / "config.yaml").write_text((FIXTURES / "plugins" / "plugin-fast" / "config.yaml").read_text())
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", f"{FIXTURES / 'plugins'}:{tmp_path / 'other'}")
    with pytest.raises(MLEBenchError, match="defined twice"):
        Registry(tmp_path).list_competition_ids()


@pytest.fixture
def entry_point(monkeypatch):
    """Register the fake package tests/fixtures/entry_point_pkg under the `mlebench.competitions` group."""
    monkeypatch.syspath_prepend(str(FIXTURES / "entry_point_pkg"))
    monkeypatch.delenv("MLEBENCH_COMPETITIONS_PATH", raising=False)
    ep = metadata.EntryPoint(name="demo", value="mlebench_ep_demo:competitions_dir", group="mlebench.competitions")
    real = metadata.entry_points

    def entry_points(**params):
        if params.get("group") == "mlebench.competitions":
            return metadata.EntryPoints([ep])
        return real(**params)

    monkeypatch.setattr(registry_module.metadata, "entry_points", entry_points)
    yield ep
    sys.modules.pop("mlebench_ep_demo", None)


def test_entry_point_competitions_are_found_prepared_and_graded(entry_point, tmp_path):
    reg = Registry(tmp_path / "data")
    assert "ep-demo" in reg.list_competition_ids()
    comp = reg.get_competition("ep-demo")
    assert comp.folder == FIXTURES / "entry_point_pkg" / "mlebench_ep_demo" / "competitions" / "ep-demo"
    assert comp.is_lower_better
    prepare_competition(comp)
    assert comp.is_prepared()
    answers = load_answers(comp.answers)
    # answers y = 3.0, 3.5, 4.0, 4.5; the sample predicts 0 -> MAE 3.75
    assert comp.grader(pd.read_csv(comp.sample_submission), answers) == 3.75


def test_entry_point_may_name_a_path_instead_of_a_callable(monkeypatch, tmp_path):
    target = FIXTURES / "plugins"
    module = type(sys)("mlebench_ep_path_demo")
    module.COMPETITIONS = str(target)
    monkeypatch.setitem(sys.modules, "mlebench_ep_path_demo", module)
    monkeypatch.delenv("MLEBENCH_COMPETITIONS_PATH", raising=False)
    ep = metadata.EntryPoint(name="p", value="mlebench_ep_path_demo:COMPETITIONS", group="mlebench.competitions")
    monkeypatch.setattr(
        registry_module.metadata, "entry_points", lambda **p: metadata.EntryPoints([ep] if p.get("group") == "mlebench.competitions" else [])
    )
    assert "plugin-slow" in Registry(tmp_path).list_competition_ids()
