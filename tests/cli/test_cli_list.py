"""`mlebench list` and `mlebench grade-sample`, run in-process through the same entry (run_app)."""

from __future__ import annotations

import json
import sys

import pytest

from mlebench.data.prepare import prepare_competition
from mlebench.registry import Registry
from tests.cli._helpers import PLUGINS


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    from mlebench.cli import app
    from mlebench.cli._common import run_app

    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("mlebench.cli._common.with_data_dir", lambda d: Registry(d))

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["mlebench", *map(str, args)])
        code = run_app(app)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def test_list_shows_split_metric_direction_prepared_and_leaderboard(cli, tmp_path):
    data = tmp_path / "data"
    prepare_competition(Registry(data).get_competition("plugin-fast"))
    code, out, err = cli("list", "--split", "plugin-demo", "--data-dir", data)
    assert code == 0, err
    cells = [[c.strip() for c in line.strip("│ ").split("│")] for line in out.splitlines() if "│ plugin-" in line]
    rows = {c[0]: c[1:] for c in cells}
    assert rows["plugin-slow"] == ["plugin-demo", "root-mean-squared-error", "lower", "no", "kaggle"]
    assert rows["plugin-fast"] == ["plugin-demo", "accuracy", "higher", "yes", "-"]
    assert "2 competitions" in out


def test_grade_sample_prints_the_report_and_the_medal(cli, tmp_path):
    data = tmp_path / "data"
    comp = Registry(data).get_competition("plugin-slow")
    prepare_competition(comp)
    code, out, err = cli("grade-sample", comp.answers, "plugin-slow", "--data-dir", data)
    assert code == 0, err
    report = json.loads(out[: out.rindex("}") + 1])
    assert report["score"] == 0.0 and report["gold_medal"] and report["valid_submission"]
    assert "score 0.0  medal: gold" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("id,y\n")
    code, out, err = cli("grade-sample", bad, "plugin-slow", "--data-dir", data)
    assert code == 0 and "invalid submission: submission has no rows" in out
