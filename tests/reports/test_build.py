"""build_report and `mlebench report` on constructed grading reports; every number worked out by hand."""

import json

import pytest
from typer.testing import CliRunner

from mlebench.cli import app
from mlebench.errors import MLEBenchError
from mlebench.reports import build_report

from .helpers import entry, write_group, write_report, write_split

# v1-style file (no seeds): a has 3 runs, b 2, c 3 -> 2 complete seeds; padding gives 3.
V1_ENTRIES = [
    entry("a", medal="gold", pct=0.95), entry("a", above=True, pct=0.6), entry("a", valid=False, exists=False),
    entry("b", medal="silver", pct=0.9), entry("b", medal="bronze", pct=0.8),
    entry("c", valid=False, exists=True), entry("c", pct=0.3), entry("c", medal="gold", pct=1.0),
]


@pytest.fixture()
def v1_file(tmp_path):
    entries = [{k: v for k, v in e.items() if k in V1_FIELDS} for e in V1_ENTRIES]
    return write_report(tmp_path / "v1_report.json", entries, ours=False)


V1_FIELDS = {
    "competition_id", "score", "gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold",
    "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "submission_exists",
    "valid_submission", "is_lower_better", "created_at", "submission_path", "leaderboard_percentile",
}


def split_cell(report, name, column=0):
    (split,) = [s for s in report["splits"] if s["name"] == name]
    return split["columns"][column]


def m(cell, name):
    return cell["metrics"][name]["mean"], cell["metrics"][name]["sem"]


def test_v1_file_complete_seeds(tmp_path, v1_file):
    split = str(write_split(tmp_path / "abc.txt", ["a", "b", "c"]))
    cell = split_cell(build_report([str(v1_file)], splits=[split], include_builtin_reference=False), split)
    assert cell["status"] == "ok" and cell["num_seeds"] == 2 and cell["padded_runs"] == 0
    # seed 0: a gold, b silver, c invalid (exists); seed 1: a none (above median), b bronze, c none (valid)
    assert m(cell, "any_medal") == pytest.approx((50.0, 50 / 3))  # [66.67, 33.33]: SEM = |diff| / 2
    assert m(cell, "gold_medal") == pytest.approx((100 / 6, 100 / 6))  # [33.3, 0]
    assert m(cell, "silver_medal") == pytest.approx((100 / 6, 100 / 6))
    assert m(cell, "bronze_medal") == pytest.approx((100 / 6, 100 / 6))
    assert m(cell, "valid_submission") == pytest.approx((250 / 3, 50 / 3))  # [66.7, 100]
    assert m(cell, "submission_exists") == pytest.approx((100.0, 0.0))
    assert m(cell, "above_median") == pytest.approx((200 / 3, 0.0))
    pct = cell["leaderboard_percentile"]  # seed 0: (95 + 90 + 0)/3, seed 1: (60 + 80 + 30)/3
    assert pct["per_seed"] == pytest.approx([185 / 3, 170 / 3])
    assert pct["mean"] == pytest.approx(177.5 / 3) and pct["sem"] == pytest.approx(2.5)
    # pass@k over 2 seeds: a c=1, b c=2, c c=0
    assert cell["pass_at_k"] == pytest.approx({"1": 50.0, "2": 200 / 3})


def test_v1_file_padding(tmp_path, v1_file):
    split = str(write_split(tmp_path / "abc.txt", ["a", "b", "c"]))
    report = build_report([str(v1_file)], splits=[split], pad_missing=True, include_builtin_reference=False)
    cell = split_cell(report, split)
    assert cell["num_seeds"] == 3 and cell["padded_runs"] == 1
    # seed 2: a invalid (no file), b padded zero report, c gold
    assert cell["metrics"]["any_medal"]["per_seed"] == pytest.approx([200 / 3, 100 / 3, 100 / 3])
    assert m(cell, "any_medal") == pytest.approx((400 / 9, 100 / 9))
    assert cell["metrics"]["submission_exists"]["per_seed"] == pytest.approx([100, 100, 100 / 3])
    assert cell["metrics"]["valid_submission"]["per_seed"] == pytest.approx([200 / 3, 100, 100 / 3])
    assert cell["leaderboard_percentile"]["per_seed"][2] == pytest.approx(100 / 3)
    # pass@k over 3 seeds: a c=1, b c=2 (padded run fails), c c=1
    assert cell["pass_at_k"] == pytest.approx({"1": 400 / 9, "2": 700 / 9, "3": 100.0})


def test_requested_seeds(tmp_path, v1_file):
    split = str(write_split(tmp_path / "abc.txt", ["a", "b", "c"]))
    one = split_cell(build_report([str(v1_file)], splits=[split], seeds=1, include_builtin_reference=False), split)
    assert one["num_seeds"] == 1 and m(one, "any_medal") == (pytest.approx(200 / 3), 0.0)
    assert one["pass_at_k"] == pytest.approx({"1": 200 / 3})
    three = split_cell(build_report([str(v1_file)], splits=[split], seeds=3, include_builtin_reference=False), split)
    assert three["status"] == "unavailable"
    assert three["error"] == "requested 3 seeds, but only 2 complete seeds are available"


def test_run_groups_side_by_side_pair_by_seed_field(tmp_path):
    res = dict(run_seconds=3600.0, peak_memory_mb=1000.0, prompt_tokens=10, completion_tokens=5, cost_usd=0.25)
    g1 = write_group(tmp_path / "runs" / "agent-one", [
        entry("a", medal="gold", seed=0, pct=0.9, **res), entry("b", seed=0, pct=0.4, **res),
        entry("a", seed=1, pct=0.5, **res),  # b seed 1 missing: seed 1 incomplete
        entry("a", medal="silver", seed=2, pct=0.8, **res), entry("b", medal="bronze", seed=2, pct=0.7, **{**res, "peak_memory_mb": 3000.0}),
    ], agent_id="one")
    g2 = write_group(tmp_path / "runs" / "agent-two", [
        entry("a", seed=0, valid=False, exists=True), entry("b", seed=0, pct=0.2),
    ], agent_id="two", seeds=1)
    report = build_report([str(g1), str(g2)], include_builtin_reference=False)
    assert [c["label"] for c in report["columns"]] == ["agent-one", "agent-two"]
    assert report["columns"][0]["seed_mode"] == "seed-field" and report["columns"][0]["agent_id"] == "one"
    one, two = split_cell(report, "group", 0), split_cell(report, "group", 1)
    assert one["seeds"] == [0, 2]
    assert one["metrics"]["any_medal"]["per_seed"] == [50.0, 100.0]
    assert m(one, "any_medal") == pytest.approx((75.0, 25.0))
    assert one["pass_at_k"] == pytest.approx({"1": 75.0, "2": 100.0})  # a c=2, b c=1 over n=2
    assert one["leaderboard_percentile"]["per_seed"] == pytest.approx([65.0, 75.0])
    r = one["resources"]  # the 4 runs of the two complete seeds
    assert r["runs"] == 4 and r["total_hours"] == pytest.approx(4.0) and r["mean_run_seconds"] == 3600.0
    assert r["max_peak_memory_mb"] == 3000.0 and r["mean_peak_memory_mb"] == 1500.0
    assert (r["prompt_tokens"], r["completion_tokens"], r["cost_usd"]) == (40, 20, pytest.approx(1.0))
    assert two["seeds"] == [0] and m(two, "valid_submission") == (50.0, 0.0)
    assert two["resources"]["cost_usd"] is None
    padded = split_cell(build_report([str(g1)], pad_missing=True, include_builtin_reference=False), "group")
    assert padded["seeds"] == [0, 1, 2] and padded["padded_runs"] == 1
    assert padded["metrics"]["any_medal"]["per_seed"] == [50.0, 0.0, 100.0]
    # per-competition tables list every run, sorted by seed, with thresholds
    (tables,) = [c["tables"] for c in report["competitions"] if c["column"] == "agent-one"]
    a = next(t for t in tables if t["competition_id"] == "a")
    assert [r["seed"] for r in a["runs"]] == [0, 1, 2] and [r["medal"] for r in a["runs"]] == ["gold", "none", "silver"]
    assert a["thresholds"] == {"gold": 0.9, "silver": 0.8, "bronze": 0.7, "median": 0.5}
    assert a["runs"][0]["leaderboard_percentile"] == pytest.approx(90.0)


def test_combined_column_pairs_by_position_as_v1(tmp_path):
    # v1 style: one run group per seed, each with seed 0 -> combined positionally in sorted path order
    s1 = write_report(tmp_path / "seed1.json", [entry("a", medal="gold", seed=0)])
    s2 = write_report(tmp_path / "seed2.json", [entry("a", seed=0)])
    report = build_report([f"both={s2},{s1}"], include_builtin_reference=False)
    col = report["columns"][0]
    assert col["label"] == "both" and col["seed_mode"] == "positional" and "by position" in col["warnings"][0]
    cell = split_cell(report, "group")
    assert cell["metrics"]["any_medal"]["per_seed"] == [100.0, 0.0]  # seed1.json sorts first


def test_registered_splits_and_offline_marking(tmp_path):
    entries = [entry("offline-tabular-binary", medal="gold", seed=s, medals_against="reference-solutions") for s in (0, 1)]
    g = write_group(tmp_path / "g", entries)
    report = build_report([str(g)], include_builtin_reference=False)
    names = [s["name"] for s in report["splits"]]
    assert names[0] == "group" and "offline" in names and "low" not in names  # nothing of low was run
    offline = split_cell(report, "offline")
    assert offline["status"] == "unavailable" and "--pad-missing" in offline["error"]
    assert split_cell(report, "group")["reference_solution_competitions"] == 1
    padded = split_cell(build_report([str(g)], pad_missing=True, include_builtin_reference=False), "offline")
    n = padded["num_competitions"]
    assert padded["status"] == "ok" and padded["padded_runs"] == 2 * (n - 1)
    assert m(padded, "gold_medal") == pytest.approx((100 / n, 0.0))
    low = split_cell(build_report([str(g)], splits=["low"], include_builtin_reference=False), "low")
    assert low["status"] == "unavailable" and low["error"] == "no runs for any competition of this split"
    with pytest.raises(MLEBenchError, match="Unknown split"):
        build_report([str(g)], splits=["no-such-split"])


def test_reference_results_builtin_and_user(tmp_path, v1_file):
    user = tmp_path / "mine.csv"
    user.write_text("agent,model,split,value,sem\nmy-agent,my-model,low,12.5,1.5\n")
    report = build_report([str(v1_file)], reference_files=[user])
    ref = report["reference"]
    aide = [r for r in ref if r["agent"] == "AIDE" and r["model"] == "o1-preview"]
    assert {r["split"]: (r["value"], r["sem"]) for r in aide} == {
        "low": (34.3, 2.4), "medium": (8.8, 1.1), "high": (10.0, 1.9), "all": (16.9, 1.1)
    }
    assert ref[-1] == {"agent": "my-agent", "model": "my-model", "split": "low", "metric": "any_medal",
                       "value": 12.5, "sem": 1.5, "date": None, "source": str(user)}
    bad = tmp_path / "bad.csv"
    bad.write_text("agent,split,value\nx,low,1\n")
    with pytest.raises(MLEBenchError, match="lacks column"):
        build_report([str(v1_file)], reference_files=[bad])


def test_cli_json_and_terminal(tmp_path, v1_file):
    split = write_split(tmp_path / "abc.txt", ["a", "b", "c"])
    out = tmp_path / "out" / "report.json"
    result = CliRunner().invoke(app, ["report", str(v1_file), "--split", str(split), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Any medal (%)" in result.output and "50.0 ± 16.7" in result.output and "pass@2 (%)" in result.output
    assert "AIDE" not in result.output  # published v1 results only beside a v1 split (tests/reports/test_terminal.py)
    data = json.loads(out.read_text())
    assert split_cell(data, str(split))["pass_at_k"] == pytest.approx({"1": 50.0, "2": 200 / 3})


def test_cli_errors_are_one_line(tmp_path, monkeypatch, capsys):
    from mlebench.cli._common import run_app

    empty = tmp_path / "empty"
    empty.mkdir()
    for target, message in ((tmp_path / "nope", "does not exist"), (empty, "has no grading_report.json")):
        monkeypatch.setattr("sys.argv", ["mlebench", "report", str(target)])
        assert run_app(app) == 2
        err = capsys.readouterr().err
        assert err.startswith("error:") and message in err and "Traceback" not in err
