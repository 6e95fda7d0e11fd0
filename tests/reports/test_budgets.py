"""`mlebench report --at` (figures at a time budget, from graded snapshots) and the refusal to pool runs
with different time limits, hardware or environment profiles; numbers worked out by hand."""

import json

import pytest

from mlebench.cli import app
from mlebench.cli._common import run_app
from mlebench.errors import MLEBenchError
from mlebench.reports import build_report, render_html

from .helpers import entry, write_group


def snap(t: float, medal: str = "none", *, valid: bool = True, pct: float = 0.5) -> dict:
    flags = {f"{m}_medal": medal == m for m in ("gold", "silver", "bronze")}
    return {"elapsed_seconds": t, "sha256": "0" * 64, "bytes": 10, "score": 0.1 * t, "valid_submission": valid,
            "above_median": medal != "none", "leaderboard_percentile": pct, "medal": medal, **flags}


BUDGET = {"time_limit_seconds": 3600.0, "hardware": "4 CPUs, 16 GiB RAM, no GPU; cpu X; no GPU model",
          "env_profile": "minimal"}


@pytest.fixture()
def group(tmp_path):
    # a: bronze at 5 s, gold at 50 s; b: a valid non-medal at 20 s; seed 1 of a: no snapshot before 100 s
    entries = [
        entry("a", medal="gold", seed=0, run_seconds=60, snapshots=[snap(50, "gold", pct=1.0), snap(5, "bronze", pct=0.8)],
              **BUDGET),
        entry("b", seed=0, pct=0.5, run_seconds=60, snapshots=[snap(20, pct=0.5)], **BUDGET),
        entry("a", medal="silver", seed=1, run_seconds=200, snapshots=[snap(100, "silver", pct=0.9)], **BUDGET),
        entry("b", seed=1, valid=False, exists=False, run_seconds=30, **BUDGET),
    ]
    return write_group(tmp_path / "g", entries, seeds=2)


def cell_at(report, label, split="group"):
    (budget,) = [b for b in report["time_budgets"] if b["at"] == label]
    (row,) = [s for s in budget["splits"] if s["name"] == split]
    return row["columns"][0]


def test_at_takes_each_runs_last_snapshot_at_or_before_the_budget(group):
    report = build_report([str(group)], at=[("10s", 10), ("30s", 30), ("2m", 120), ("1h", 3600)])
    mean = lambda c, name: c["metrics"][name]["mean"]  # noqa: E731
    c10, c30, c2m, c1h = (cell_at(report, x) for x in ("10s", "30s", "2m", "1h"))
    # 10 s: seed 0 has a's bronze only (b nothing yet): 50% medals; seed 1 nothing: 0% -> 25
    assert mean(c10, "any_medal") == 25 and c10["metrics"]["any_medal"]["per_seed"] == [50, 0]
    assert mean(c10, "submission_exists") == 25 and mean(c10, "bronze_medal") == 25
    assert c10["leaderboard_percentile"]["per_seed"] == pytest.approx([40, 0])  # (80 + 0) / 2, then nothing
    assert c30["metrics"]["valid_submission"]["per_seed"] == [100, 0]
    assert c30["leaderboard_percentile"]["per_seed"] == pytest.approx([65, 0])  # (80 + 50) / 2
    # 2 min: a's gold (seed 0) and silver (seed 1)
    assert c2m["metrics"]["gold_medal"]["per_seed"] == [50, 0] and c2m["metrics"]["silver_medal"]["per_seed"] == [0, 50]
    assert c2m["pass_at_k"] == {"1": 50.0, "2": 50.0}
    assert c1h["metrics"] == build_report([str(group)])["splits"][0]["columns"][0]["metrics"]  # the whole run
    assert c10["resources"]["max_run_seconds"] == 10  # run time is capped at the budget
    assert report["columns"][0]["time_limit_seconds"] == 3600 and report["columns"][0]["env_profile"] == "minimal"
    assert "vs time budget" in render_html(report)


def test_a_run_without_snapshots_past_the_budget_counts_as_no_submission_with_a_warning(tmp_path):
    g = write_group(tmp_path / "old", [entry("a", medal="gold", seed=0, run_seconds=500)], seeds=1)
    report = build_report([str(g)], at=[("1m", 60), ("10m", 600)])
    assert cell_at(report, "1m")["metrics"]["submission_exists"]["mean"] == 0
    assert report["time_budgets"][0]["warnings"] == ["old: 1 run(s) have no snapshots and did not end by 1m; counted as no submission"]
    assert cell_at(report, "10m")["metrics"]["gold_medal"]["mean"] == 100 and not report["time_budgets"][1]["warnings"]


@pytest.mark.parametrize("field,other", [("time_limit_seconds", 86400.0), ("hardware", "8 CPUs; cpu Y; H100"),
                                         ("env_profile", "v1")])
def test_one_column_never_pools_unlike_runs_unless_asked(tmp_path, field, other, monkeypatch, capsys):
    g = write_group(tmp_path / "mixed", [entry("a", seed=0, **BUDGET), entry("a", seed=1, **{**BUDGET, field: other})],
                    seeds=2)
    with pytest.raises(MLEBenchError, match=f"different {field.replace('_', ' ')}"):
        build_report([str(g)])
    pooled = build_report([str(g)], pool_budgets=True)
    assert sorted(map(str, pooled["columns"][0][field])) == sorted(map(str, [BUDGET[field], other]))
    monkeypatch.setattr("sys.argv", ["mlebench", "report", str(g)])
    assert run_app(app) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "--pool-budgets" in err and "Traceback" not in err and err.count("\n") == 1
    # separate columns are fine: each number is over like runs
    a = write_group(tmp_path / "a", [entry("a", seed=0, **BUDGET)], seeds=1)
    b = write_group(tmp_path / "b", [entry("a", seed=0, **{**BUDGET, field: other})], seeds=1)
    assert len(build_report([str(a), str(b)])["columns"]) == 2


def test_at_rejects_bad_durations_in_one_line(tmp_path, group, monkeypatch, capsys):
    for bad in ("soon", "0s", ","):
        monkeypatch.setattr("sys.argv", ["mlebench", "report", str(group), "--at", bad])
        assert run_app(app) == 2
        err = capsys.readouterr().err
        assert err.startswith("error:") and "Traceback" not in err
    out = tmp_path / "r.json"
    monkeypatch.setattr("sys.argv", ["mlebench", "report", str(group), "--at", "90s,30m", "--json", str(out)])
    assert run_app(app) == 0
    assert [(b["at"], b["seconds"]) for b in json.loads(out.read_text())["time_budgets"]] == [("90s", 90), ("30m", 1800)]
