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


def _app_raising(error: BaseException):
    import typer

    app = typer.Typer(add_completion=False)

    @app.command()
    def go(n: int = 1) -> None:
        raise error

    @app.command()
    def other() -> None:
        pass

    return app


@pytest.mark.parametrize("code", [0, 1, 3])
def test_typer_exit_codes_are_kept(code, capsys):
    """issue 13, item 8: `typer.Exit(1)` in prepare and run once ended with status 0."""
    import typer

    from mlebench.cli._common import run_app

    assert run_app(_app_raising(typer.Exit(code)), ["go"]) == code


def test_a_failing_prepare_of_several_competitions_exits_1(tmp_path, monkeypatch, capsys):
    from mlebench.cli import app
    from mlebench.cli._common import run_app

    monkeypatch.setenv("MLEBENCH_COMPETITIONS_PATH", str(PLUGINS))
    monkeypatch.setattr("mlebench.cli._common.with_data_dir", lambda d: Registry(d))
    downloads = tmp_path / "downloads"  # a folder without the competitions' files
    downloads.mkdir()
    code = run_app(app, ["prepare", "-c", "plugin-fast", "-c", "plugin-slow", "--raw-dir", str(downloads),
                         "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "error: plugin-fast: --raw-dir" in err and "error: plugin-slow: --raw-dir" in err


def test_our_bug_is_one_line_naming_a_log_with_the_traceback(tmp_path, monkeypatch, capsys):
    from mlebench.cli._common import run_app

    monkeypatch.setenv("MLEBENCH_LOG_DIR", str(tmp_path / "logs"))
    assert run_app(_app_raising(ZeroDivisionError("division by zero")), ["go"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    (log,) = (tmp_path / "logs").iterdir()
    assert err == f"error: internal error (ZeroDivisionError: division by zero); the traceback is in {log}. Please report it."
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "raise error" in text


def test_usage_errors_of_any_app_are_one_line(capsys):
    from mlebench.cli._common import run_app

    app = _app_raising(RuntimeError("never reached"))
    for args, pattern in ((["go", "--n", "x"], r"^error: Invalid value for '--n'"), (["oter"], r"Did you mean 'other'")):
        assert run_app(app, args) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and re.search(pattern, err), err
