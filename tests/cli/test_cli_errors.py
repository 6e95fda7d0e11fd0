"""Every user mistake prints ONE clear line on stderr, exits with code 2, and shows no traceback."""

from __future__ import annotations

import re
import sys

import pytest
from tests.cli._helpers import PLUGINS, start

from mlebench.registry import Registry


def test_user_mistakes_are_one_line_exit_2(tmp_path):
    empty = tmp_path / "empty-data"
    sub = tmp_path / "sub.csv"
    sub.write_text("id,target\n1,0.5\n")
    cases = {
        "unknown competition": (
            ["prepare", "-c", "offline-tabular-binry", "--data-dir", empty],
            r"^error: Unknown competition 'offline-tabular-binry'\. Did you mean: offline-tabular-binary\b",
        ),
        "unprepared data": (
            ["grade-sample", sub, "offline-tabular-binary", "--data-dir", empty],
            rf"^error: Competition 'offline-tabular-binary' is not prepared in {re.escape(str(empty))}\. "
            rf"Run: mlebench prepare -c offline-tabular-binary --data-dir {re.escape(str(empty))}$",
        ),
        "missing submission file": (
            ["grade", "--submission", tmp_path / "nope.jsonl", "--output-dir", tmp_path / "out", "--data-dir", empty],
            rf"^error: submissions file {re.escape(str(tmp_path / 'nope.jsonl'))} does not exist$",
        ),
        "missing raw dir": (
            ["prepare", "-c", "plugin-fast", "--raw-dir", tmp_path / "downloads", "--data-dir", empty],
            rf"^error: --raw-dir {re.escape(str(tmp_path / 'downloads'))} is not a directory$",
        ),
        "unknown split": (
            ["prepare", "--split", "ofline", "--data-dir", empty],
            r"^error: Unknown split 'ofline'\. Known splits: .*plugin-demo.*Did you mean: offline\b",
        ),
    }
    procs = {name: start(*args) for name, (args, _) in cases.items()}  # run side by side: each start is ~2 s
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        lines = err.strip().splitlines()
        assert proc.returncode == 2, (name, proc.returncode, err)
        assert len(lines) == 1, (name, err)
        assert "Traceback" not in err + out, name
        assert re.search(cases[name][1], lines[0]), (name, lines[0])
    assert not empty.exists() or not any(empty.rglob("prepared"))  # mistakes prepare nothing


# The same promise for more mistakes, checked in-process (a subprocess start costs seconds).
@pytest.mark.parametrize(
    "args,pattern",
    [
        (["prepare", "--lite", "-c", "plugin-fast"], r"^error: choose exactly one of"),
        (["prepare", "--list", "{tmp}/ids.txt"], r"^error: competition list .*ids\.txt does not exist$"),
        (["list", "--split", "plugin-dem"], r"Did you mean: plugin-demo"),
        (["grade-sample", "{tmp}/s.csv", "plugin-fats"], r"Did you mean: plugin-fast"),
        (["grade", "--submission", "{tmp}/bad.jsonl", "--output-dir", "{tmp}/o"], r"^error: .*bad\.jsonl is not valid JSONL"),
        (["grade", "--submission", "{tmp}/noid.jsonl", "--output-dir", "{tmp}/o"], r"entry 1 needs 'competition_id' and 'submission_path'$"),
        (["grade", "--submission", "{tmp}/unknown.jsonl", "--output-dir", "{tmp}/o"], r"Unknown competition 'plugin-slo'\. Did you mean: plugin-slow"),
    ],
)
def test_more_mistakes_in_process(tmp_path, monkeypatch, capsys, args, pattern):
    from mlebench.cli import app
    from mlebench.cli._common import run_app

    (tmp_path / "bad.jsonl").write_text("{not json\n")
    (tmp_path / "noid.jsonl").write_text('{"submission_path": "x.csv"}\n')
    (tmp_path / "unknown.jsonl").write_text('{"competition_id": "plugin-slo", "submission_path": "x.csv"}\n')
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    monkeypatch.setattr("mlebench.registry.registry", Registry(tmp_path / "data"))
    monkeypatch.setattr("mlebench.cli._common.with_data_dir", lambda d: Registry(d))
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--data-dir", str(tmp_path / "data")]
    monkeypatch.setattr(sys, "argv", ["mlebench", *argv])
    code = run_app(app)
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert re.search(pattern, err.strip()), err
