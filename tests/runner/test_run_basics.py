"""A run through the real bwrap sandbox: layout, validation service, run.json."""

from __future__ import annotations

import json

from mlebench.runner.sandbox import Limits
from tests.runner.conftest import make_agent, run_agent


def test_sandbox_layout_and_validation(prepared, tmp_path, tabular):
    agent = make_agent(tmp_path, "probe", """
        set -u
        ls /home > /home/code/home.txt
        ls /home/data > /home/code/data.txt
        touch /home/data/x 2>/dev/null && echo writable > /home/code/data_writable.txt
        env | sort > /home/code/env.txt
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        sh /home/validate_submission.sh /home/submission/submission.csv > /home/code/valid.json
        head -3 /home/data/sample_submission.csv > /tmp/bad.csv
        sh /home/validate_submission.sh /tmp/bad.csv > /home/code/invalid.json
        curl -s http://localhost:5000/health > /home/code/health.json
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    code = run_dir / "code"
    assert set((code / "home.txt").read_text().split()) >= {"data", "submission", "logs", "code", "instructions.txt",
                                                           "validate_submission.sh", "agent"}
    assert "description.md" in (code / "data.txt").read_text()
    assert "test.csv" in (code / "data.txt").read_text()
    assert not (code / "data_writable.txt").exists()
    env = (code / "env.txt").read_text()
    assert "COMPETITION_ID=offline-tabular-binary" in env and "TIME_LIMIT_SECS=60" in env
    assert json.loads((code / "valid.json").read_text())["valid"] is True
    invalid = json.loads((code / "invalid.json").read_text())
    assert invalid["valid"] is False and "missing" in invalid["result"]
    assert "score" not in invalid["result"].lower()
    assert json.loads((code / "health.json").read_text()) == {"status": "ok"}
    assert (run_dir / "submission" / "submission.csv").read_bytes() == tabular.sample_submission.read_bytes()
    assert record["submission"]["exists"] is True
    assert record["validation"]["requests"] == 2
    assert record["validation"]["disconnected"] == 0 and record["validation"]["rate_limited"] == 0
    assert record["limits_changed"] == [] and "notes" not in record
    assert record["limits_enforced"] is True and record["peak_memory_mb"] > 0
    assert (run_dir / "logs" / "agent.log").exists()


def test_failing_agent_is_recorded_as_failed(prepared, tmp_path):
    agent = make_agent(tmp_path, "crash", "echo boom >&2; exit 3")
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "failed" and record["exit_code"] == 3
    assert "boom" in (run_dir / "logs" / "agent.log").read_text()
    assert record["submission"]["exists"] is False


def test_secrets_reach_the_agent_but_not_run_json(prepared, tmp_path, monkeypatch):
    monkeypatch.setenv("MY_TEST_SECRET", "s3cr3t-value")
    agent = make_agent(tmp_path, "secretive", 'echo "$API_KEY" > /home/code/key.txt')
    (agent.folder / "config.yaml").write_text(
        "id: secretive\nstart: sh /home/agent/main.sh\nenv:\n  API_KEY: ${{ secrets.MY_TEST_SECRET }}\n")
    from mlebench.runner.agents import AgentConfig

    agent = AgentConfig.from_folder(agent.folder)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert (run_dir / "code" / "key.txt").read_text().strip() == "s3cr3t-value"
    assert "s3cr3t-value" not in (run_dir / "run.json").read_text()
    assert record["agent"]["env"]["API_KEY"] == "***"


def test_time_limit_kills_the_whole_tree(prepared, tmp_path):
    agent = make_agent(tmp_path, "sleeper", """
        (setsid sleep 300 &)
        nohup sleep 301 >/dev/null 2>&1 &
        sleep 302
    """)
    record, _ = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=2))
    assert record["status"] == "timeout"
    import subprocess

    left = subprocess.run(["pgrep", "-f", "sleep 30[012]"], capture_output=True, text=True).stdout.split()
    assert left == [], f"processes outlived the sandbox: {left}"


def test_no_sandbox_backend_runs_the_dummy_for_development(prepared, tmp_path, tabular):
    import warnings

    from mlebench.runner.agents import get_agent

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        record, run_dir = run_agent(prepared, tmp_path, get_agent("dummy"), sandbox="none")
    assert any("NOT isolated" in str(w.message) for w in caught)
    assert record["status"] == "succeeded", (run_dir / "logs" / "agent.log").read_text()
    assert (run_dir / "submission" / "submission.csv").read_bytes() == tabular.sample_submission.read_bytes()
