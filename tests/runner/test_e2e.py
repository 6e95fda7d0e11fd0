"""The runner's acceptance: `mlebench run --agent dummy --split offline-lite --seeds 2` end to end,
then `mlebench report` on the real run group."""

from __future__ import annotations

import json
import subprocess
import sys

from mlebench.registry import registry


def _cli(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mlebench.cli", *args], capture_output=True, text=True, timeout=timeout)


def test_dummy_on_offline_lite_two_seeds(tmp_path):
    data, runs = tmp_path / "data", tmp_path / "runs"
    prep = _cli("prepare", "--split", "offline-lite", "--data-dir", str(data))
    assert prep.returncode == 0, prep.stderr
    run = _cli("run", "--agent", "dummy", "--split", "offline-lite", "--seeds", "2", "--concurrency", "2",
               "--time-limit", "2m", "--data-dir", str(data), "--runs-dir", str(runs), "--run-group", "e2e")
    assert run.returncode == 0, run.stdout + run.stderr
    ids = registry.get_split("offline-lite")
    report = json.loads((runs / "e2e" / "grading_report.json").read_text())
    assert report["total_runs"] == 2 * len(ids)
    assert report["total_valid_submissions"] == report["total_runs"], [
        (r["run_id"], r["invalid_reason"]) for r in report["competition_reports"] if not r["valid_submission"]]
    assert {(r["competition_id"], r["seed"]) for r in report["competition_reports"]} == {(c, s) for c in ids for s in (0, 1)}
    for r in report["competition_reports"]:
        assert r["run_status"] == "succeeded" and r["medals_against"] == "reference-solutions"
        assert r["any_medal"] is False  # the sample submission is a constant: it never medals
    assert "run group e2e" in run.stdout and f"{report['total_runs']}/{report['total_runs']} valid" in run.stdout

    rep = _cli("report", str(runs / "e2e"), "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"))
    assert rep.returncode == 0, rep.stderr
    summary = json.loads((tmp_path / "r.json").read_text())
    assert summary
    html = (tmp_path / "r.html").read_text()
    assert "<svg" in html and "reference solutions" in html
