"""Report schema: v1's fields kept by name, JSON round trips, v1-format reports aggregate like v1."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from mlebench.errors import NotPreparedError
from mlebench.grade import aggregate_reports, grade_csv, grade_jsonl
from mlebench.grade_helpers import CompetitionReport
from mlebench.data.prepare import prepare_competition
from mlebench.registry import Registry
from mlebench.utils import load_answers

PLUGINS = Path(__file__).parents[1] / "fixtures" / "plugins"

# v1's CompetitionReport fields, in v1's order (openai/mle-bench mlebench/grade_helpers.py)
V1_FIELDS = [
    "competition_id", "score", "gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold",
    "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "submission_exists",
    "valid_submission", "is_lower_better", "created_at", "submission_path",
]
V1_TOTALS = [
    "total_runs", "total_runs_with_submissions", "total_valid_submissions", "total_medals",
    "total_gold_medals", "total_silver_medals", "total_bronze_medals", "total_above_median",
]


def v1_report(cid: str, score, medal: str | None, above: bool, exists: bool = True) -> dict:
    """A report exactly as v1's CompetitionReport.to_dict writes it: floats, naive isoformat time, no extras."""
    return {
        "competition_id": cid,
        "score": None if score is None else float(score),
        "gold_threshold": 0.9,
        "silver_threshold": 0.8,
        "bronze_threshold": 0.7,
        "median_threshold": 0.5,
        "any_medal": medal is not None,
        "gold_medal": medal == "gold",
        "silver_medal": medal == "silver",
        "bronze_medal": medal == "bronze",
        "above_median": above,
        "submission_exists": exists,
        "valid_submission": score is not None,
        "is_lower_better": False,
        "created_at": datetime(2024, 10, 1, 12, 30, 5, 123456).isoformat(),  # v1 uses datetime.now(): no tz
        "submission_path": f"/runs/{cid}/submission.csv",
    }


V1_REPORTS = [
    v1_report("spaceship-titanic", 0.95, "gold", True),
    v1_report("aerial-cactus-identification", 0.85, "silver", True),
    v1_report("dog-breed-identification", 0.75, "bronze", True),
    v1_report("jigsaw-toxic-comment-classification-challenge", 0.6, None, True),
    v1_report("nomad2018-predict-transparent-conductors", None, None, False),  # invalid
    v1_report("random-acts-of-pizza", None, None, False, exists=False),  # no submission
]
# by hand: 6 runs, 5 with a submission, 4 valid, medals 1+1+1, 4 above median
V1_EXPECTED_TOTALS = {
    "total_runs": 6, "total_runs_with_submissions": 5, "total_valid_submissions": 4, "total_medals": 3,
    "total_gold_medals": 1, "total_silver_medals": 1, "total_bronze_medals": 1, "total_above_median": 4,
}


def test_v1_fields_come_first_unchanged():
    assert list(CompetitionReport.model_fields)[: len(V1_FIELDS)] == V1_FIELDS


def test_v1_format_reports_are_readable_and_totals_match_v1():
    summary = aggregate_reports([dict(r) for r in V1_REPORTS])
    assert {k: summary[k] for k in V1_TOTALS} == V1_EXPECTED_TOTALS
    assert [r["competition_id"] for r in summary["competition_reports"]] == [r["competition_id"] for r in V1_REPORTS]
    for ours, theirs in zip(summary["competition_reports"], V1_REPORTS):
        for k in V1_FIELDS:
            assert ours[k] == theirs[k], k
        assert ours["invalid_reason"] is None and ours["leaderboard_percentile"] is None


def test_a_v1_summary_file_aggregates_to_its_own_totals(tmp_path):
    # the file v1's grade_jsonl writes: totals, then the reports
    v1_file = tmp_path / "2024-10-01T12-30-05-GMT_grading_report.json"
    v1_file.write_text(json.dumps({**V1_EXPECTED_TOTALS, "competition_reports": V1_REPORTS}, indent=2))
    data = json.loads(v1_file.read_text())
    again = aggregate_reports(data["competition_reports"])
    assert {k: again[k] for k in V1_TOTALS} == {k: data[k] for k in V1_TOTALS}


def test_aggregate_accepts_report_objects_and_dicts_mixed():
    objs = [CompetitionReport.from_dict(r) for r in V1_REPORTS[:3]]
    summary = aggregate_reports([*objs, *V1_REPORTS[3:]])
    assert {k: summary[k] for k in V1_TOTALS} == V1_EXPECTED_TOTALS
    assert aggregate_reports([])["total_runs"] == 0


def _full_report() -> CompetitionReport:
    return CompetitionReport(
        **{**v1_report("x", 0.123456, "bronze", True), "created_at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)},
        competition_version=2, invalid_reason=None, leaderboard_percentile=0.625, leaderboard_rank=3,
        leaderboard_size=8, medals_against="kaggle", grader_seconds=0.25, seed=1, run_id="x.1",
    )


def test_report_json_round_trip():
    report = _full_report()
    text = json.dumps(report.to_dict())
    back = CompetitionReport.from_dict(json.loads(text))
    assert back == report
    assert back.to_dict() == report.to_dict()
    assert json.loads(text)["created_at"] == "2025-01-02T03:04:05Z"


def test_round_trip_keeps_unknown_fields_added_by_later_versions():
    data = {**_full_report().to_dict(), "some_future_field": [1, 2]}
    assert CompetitionReport.from_dict(json.loads(json.dumps(data))).to_dict()["some_future_field"] == [1, 2]


def test_invalid_report_round_trip_with_null_thresholds():
    data = {**v1_report("y", None, None, False), "gold_threshold": None, "silver_threshold": None,
            "bronze_threshold": None, "median_threshold": None, "invalid_reason": "2 id(s) missing",
            "leaderboard_note": "no leaderboard"}
    back = CompetitionReport.from_dict(json.loads(json.dumps(data)))
    assert back.invalid_reason == "2 id(s) missing" and back.gold_threshold is None
    assert CompetitionReport.from_dict(back.to_dict()) == back


# --- reports of real grading -------------------------------------------------------------------


@pytest.fixture
def plugin_slow(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    comp = Registry(tmp_path / "data").get_competition("plugin-slow")
    prepare_competition(comp)
    return comp


def _submission(comp, tmp_path: Path, offset: float) -> Path:
    answers = load_answers(comp.answers)
    path = tmp_path / f"sub_{offset}.csv"
    answers.assign(y=answers["y"] + offset).to_csv(path, index=False)
    return path


def test_grade_csv_places_the_score_on_the_leaderboard(plugin_slow, tmp_path):
    # leaderboard: 10 teams at RMSE 0.05, 0.10, ..., 0.50 (lower is better). 10 teams: gold position
    # max(1, int(1.0)) = 1 -> 0.05, silver int(2.0) = 2 -> 0.10, bronze int(4.0) = 4 -> 0.20, median 0.275
    report = grade_csv(_submission(plugin_slow, tmp_path, 0.15), plugin_slow)
    assert report.score == 0.15  # every prediction off by 0.15; rounded to 5 decimals
    assert (report.gold_threshold, report.silver_threshold, report.bronze_threshold) == (0.05, 0.10, 0.20)
    assert report.median_threshold == pytest.approx(0.275)
    assert report.bronze_medal and report.any_medal and not report.silver_medal and report.above_median
    # beats the 7 teams at 0.20..0.50, ties one -> 7.5 / 10; two teams strictly better -> rank 3
    assert report.leaderboard_percentile == 0.75
    assert report.leaderboard_rank == 3
    assert report.leaderboard_size == 10
    assert report.is_lower_better and report.valid_submission and report.submission_exists
    assert report.competition_version == 3 and report.medals_against == "kaggle"
    assert report.grader_seconds is not None and report.grader_seconds >= 0
    assert report.invalid_reason is None and report.leaderboard_note is None


def test_grade_csv_perfect_submission_is_gold_and_first(plugin_slow, tmp_path):
    report = grade_csv(_submission(plugin_slow, tmp_path, 0.0), plugin_slow)
    assert report.score == 0.0 and report.gold_medal and report.leaderboard_rank == 1
    assert report.leaderboard_percentile == 1.0


def test_grade_csv_without_a_leaderboard_reports_null_medals_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    comp = Registry(tmp_path / "data").get_competition("plugin-fast")  # ships no leaderboard.csv
    prepare_competition(comp)
    report = grade_csv(comp.sample_submission, comp)
    assert report.score == 0.5  # the sample says "a"; half of the 10 test labels are "a"
    assert report.gold_threshold is None and report.median_threshold is None
    assert not report.any_medal and not report.above_median
    assert report.leaderboard_percentile is None and report.leaderboard_rank is None
    assert "no leaderboard for plugin-fast" in report.leaderboard_note


def test_grade_csv_unprepared_names_the_prepare_command(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    comp = Registry(tmp_path / "empty").get_competition("plugin-slow")
    with pytest.raises(NotPreparedError, match=f"mlebench prepare -c plugin-slow --data-dir {tmp_path / 'empty'}"):
        grade_csv(tmp_path / "x.csv", comp)


def test_grade_jsonl_report_file_round_trips(plugin_slow, tmp_path, monkeypatch):
    reg = Registry(plugin_slow.data_dir)
    jsonl = tmp_path / "subs.jsonl"
    jsonl.write_text("\n".join(json.dumps({"competition_id": "plugin-slow", "submission_path": str(p)}) for p in [
        _submission(plugin_slow, tmp_path, 0.0), _submission(plugin_slow, tmp_path, 0.3), tmp_path / "missing.csv",
    ]) + "\n")
    out = grade_jsonl(jsonl, tmp_path / "out", registry=reg)
    assert out.name.endswith("_grading_report.json") and out.parent == tmp_path / "out"
    data = json.loads(out.read_text())
    assert [data[k] for k in V1_TOTALS] == [3, 2, 2, 1, 1, 0, 0, 1]
    again = aggregate_reports(data["competition_reports"])
    assert again == data
    pd.testing.assert_series_equal(  # nothing lost in the file: re-parsed reports equal the written ones
        pd.Series([CompetitionReport.from_dict(r).to_dict() for r in data["competition_reports"]]),
        pd.Series(data["competition_reports"]),
    )
