"""`mlebench grade` on a JSONL mixing valid, invalid, missing and non-CSV submissions: one report,
every entry present, a reason for each invalid one."""

from __future__ import annotations

import json
import os

import pandas as pd

from tests.cli._helpers import run


def test_grade_jsonl_with_mixed_submissions(offline_data_dir, tmp_path):
    public = offline_data_dir / "offline-tabular-binary" / "prepared" / "public"
    sample = pd.read_csv(public / "sample_submission.csv")
    subs = tmp_path / "subs"
    subs.mkdir()
    sample.to_csv(subs / "valid.csv", index=False)
    sample.iloc[3:].to_csv(subs / "missing_rows.csv", index=False)
    sample.assign(target="high").to_csv(subs / "text_target.csv", index=False)
    sample.to_csv(subs / "with_index.csv")  # pandas index column
    (subs / "latin1.csv").write_bytes(b"id,target\n1,caf\xe9\n")
    sample.to_csv(subs / "predictions.txt", index=False)
    os.mkfifo(subs / "fifo.csv")
    entries = [
        ("valid.csv", None),
        ("missing_rows.csv", "3 id(s) missing"),
        ("text_target.csv", "must be numeric"),
        ("with_index.csv", "index=False"),
        ("latin1.csv", "UTF-8"),
        ("predictions.txt", "must be a .csv"),
        ("fifo.csv", "not a regular file"),
        ("does_not_exist.csv", "does not exist"),
    ]
    jsonl = tmp_path / "submissions.jsonl"
    lines = [json.dumps({"competition_id": "offline-tabular-binary", "submission_path": str(subs / n)}) for n, _ in entries]
    jsonl.write_text("# a comment line is skipped, as in v1\n" + "\n".join(lines) + "\n")
    out_dir = tmp_path / "reports"

    result = run("grade", "--submission", jsonl, "--output-dir", out_dir, "--data-dir", offline_data_dir)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    reports = list(out_dir.iterdir())
    assert len(reports) == 1 and reports[0].name.endswith("_grading_report.json")
    data = json.loads(reports[0].read_text())
    assert data["total_runs"] == len(entries)
    assert data["total_valid_submissions"] == 1
    assert data["total_runs_with_submissions"] == 5  # existing regular .csv files (v1's meaning)
    got = data["competition_reports"]
    assert [r["submission_path"] for r in got] == [str(subs / n) for n, _ in entries]
    for report, (name, reason) in zip(got, entries):
        assert report["competition_id"] == "offline-tabular-binary"
        if reason is None:
            assert report["valid_submission"] and report["score"] == 0.5 and report["invalid_reason"] is None
        else:
            assert not report["valid_submission"] and report["score"] is None, name
            assert reason in report["invalid_reason"], (name, report["invalid_reason"])
            assert f"invalid offline-tabular-binary: {report['invalid_reason'][:30]}" in result.stdout
    assert f"report written to {reports[0]}" in result.stdout.replace("\n", "")


def test_grade_in_parallel_gives_the_serial_report_in_the_same_order(offline_data_dir, tmp_path):
    public = offline_data_dir / "offline-tabular-binary" / "prepared" / "public"
    sample = pd.read_csv(public / "sample_submission.csv")
    subs = tmp_path / "subs"
    subs.mkdir()
    sample.to_csv(subs / "valid.csv", index=False)
    sample.sample(frac=1.0, random_state=0).assign(target=lambda d: d.index % 7 / 7).to_csv(subs / "shuffled.csv", index=False)
    sample.iloc[3:].to_csv(subs / "missing_rows.csv", index=False)
    sample.to_csv(subs / "with_index.csv")
    names = ["valid.csv", "missing_rows.csv", "does_not_exist.csv", "shuffled.csv", "with_index.csv", "valid.csv"]
    jsonl = tmp_path / "submissions.jsonl"
    jsonl.write_text("".join(json.dumps({"competition_id": "offline-tabular-binary", "submission_path": str(subs / n)}) + "\n"
                             for n in names))
    reports = {}
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"reports-{jobs}"
        result = run("grade", "--submission", jsonl, "--output-dir", out_dir, "--data-dir", offline_data_dir, "-j", jobs)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        (path,) = out_dir.iterdir()
        reports[jobs] = [{k: v for k, v in r.items() if k not in ("created_at", "grader_seconds")}
                         for r in json.loads(path.read_text())["competition_reports"]]
    assert reports["2"] == reports["1"]
    assert [r["submission_path"] for r in reports["2"]] == [str(subs / n) for n in names]
    assert [r["valid_submission"] for r in reports["2"]] == [True, False, False, True, False, True]
    assert reports["2"][3]["score"] != reports["2"][0]["score"]  # a different submission, its own score


def test_grade_rejects_zero_jobs_in_one_line(offline_data_dir, tmp_path):
    jsonl = tmp_path / "submissions.jsonl"
    jsonl.write_text(json.dumps({"competition_id": "offline-tabular-binary", "submission_path": "x.csv"}) + "\n")
    result = run("grade", "--submission", jsonl, "--output-dir", tmp_path, "--data-dir", offline_data_dir, "-j", "0")
    assert result.returncode != 0 and "Traceback" not in result.stderr
