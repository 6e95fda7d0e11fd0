"""Submission snapshots: the watcher against hostile files, bounded disk, and a real bwrap run whose
``mlebench report --at`` figures equal grading each version by hand."""

from __future__ import annotations

import hashlib
import json
import os
import time

import pytest
from typer.testing import CliRunner

from mlebench.cli import app
from mlebench.grading.normalise import floor_and_ceiling, normalised
from mlebench.runner.agents import AgentConfig
from mlebench.runner.groups import GroupPlan, resume_group, start_group
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits
from mlebench.runner.snapshots import DEFAULT_INTERVAL, INDEX, SnapshotWatcher, read_index, thin
from tests.runner.conftest import COMPETITION, make_agent


def _watcher(tmp_path, **kw) -> tuple[SnapshotWatcher, os.PathLike]:
    sub = tmp_path / "ws" / "submission"
    sub.mkdir(parents=True)
    run_dir = tmp_path / "run"
    w = SnapshotWatcher(sub, run_dir, **{"interval": 0, "quota": 10**6, **kw})
    w.out.mkdir(parents=True)
    return w, sub


def test_links_fifos_and_oversized_files_are_not_kept(tmp_path):
    w, sub = _watcher(tmp_path, max_bytes=100)
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret\n")
    (sub / "submission.csv").symlink_to(secret)
    w.poll()
    (sub / "submission.csv").unlink()
    os.mkfifo(sub / "submission.csv")  # opening it must not block the watcher
    started = time.monotonic()
    w.poll()
    assert time.monotonic() - started < 5
    (sub / "submission.csv").unlink()
    (sub / "submission.csv").write_text("x" * 101)
    w.poll()
    assert w.entries == [] and list(w.out.iterdir()) == []
    assert any("not a regular file" in n for n in w.notes) and any("over 100 bytes" in n for n in w.notes)
    (sub / "submission.csv").write_text("id,target\n1,0.5\n")
    w.poll()
    content = b"id,target\n1,0.5\n"
    assert [e.bytes for e in w.entries] == [len(content)]
    assert (w.out / f"{hashlib.sha256(content).hexdigest()}.csv").read_bytes() == content


def test_thousands_of_rewrites_cost_bounded_disk(tmp_path):
    quota, count = 20_000, 25
    w, sub = _watcher(tmp_path, quota=quota, max_count=count)
    for i in range(2000):
        (sub / "submission.csv").write_text(f"id,target\n{i},{'9' * 990}\n")
        w.poll()
        if i == 0:
            first = w.entries[0]
    w.poll(final=True)
    kept = read_index(w.out.parent)
    files = sorted(p.name for p in w.out.iterdir())
    assert kept == w.entries and 1 < len(kept) <= count
    assert sum(e.bytes for e in kept) <= quota and sum((w.out / n).stat().st_size for n in files if n != INDEX) <= quota
    assert files == sorted([*{e.filename for e in kept}, INDEX])  # nothing left over
    assert (w.out / kept[-1].filename).read_text().startswith("id,target\n1999,")  # the last version is kept
    assert kept[0] == first  # thinning keeps an evenly spaced subset, the first among them


def test_one_version_per_interval_and_the_final_one_always(tmp_path):
    w, sub = _watcher(tmp_path, interval=3600)
    for i in range(5):
        (sub / "submission.csv").write_text(f"id,target\n{i},1\n")
        w.poll()
        w.poll()
    w.poll(final=True)
    assert [(w.out / e.filename).read_text() for e in w.entries] == ["id,target\n0,1\n", "id,target\n4,1\n"]
    w.poll(final=True)  # nothing changed: nothing added
    assert len(w.entries) == 2


def test_thin_is_evenly_spaced_and_keeps_the_last():
    assert thin(list(range(10)), 4) == [0, 3, 6, 9]
    assert thin(list(range(10)), 1) == [9]
    assert thin([1, 2], 5) == [1, 2]


AGENT = """
    import os, time
    start = time.monotonic()
    rows = open("/home/data/sample_submission.csv").read().splitlines()
    ids = [r.split(",")[0] for r in rows[1:]]
    versions = [
        "\\n".join(rows) + "\\n",
        "id,target\\n" + "".join(f"{i},{int(i) % 2}\\n" for i in ids),
        "id,target\\n" + "".join(f"{i},{(int(i) * 7919 % 1000) / 1000}\\n" for i in ids),
    ]
    for n, (at, text) in enumerate(zip((1, 3, 5), versions)):
        time.sleep(max(0, start + at - time.monotonic()))
        open(f"/home/code/v{n}.csv", "w").write(text)
        open("/home/submission/.tmp", "w").write(text)
        os.rename("/home/submission/.tmp", "/home/submission/submission.csv")  # whole versions only
    time.sleep(0.5)
"""


def test_report_at_equals_grading_each_version_by_hand(prepared, tmp_path):
    comp = prepared.get(COMPETITION)
    agent = make_agent(tmp_path, "three-versions", AGENT, lang="python")
    runs = tmp_path / "runs"
    quota = 3 * comp.sample_submission.stat().st_size  # room for the three versions, not more
    result = CliRunner().invoke(app, [
        "run", "--agent-cmd", "python3 /home/agent/main.py", "--agent-dir", str(agent.folder), "-c", COMPETITION,
        "--time-limit", "60s", "--snapshot-interval", "1s", "--snapshot-quota", str(quota), "--run-group", "g",
        "--runs-dir", str(runs), "--data-dir", str(comp.data_dir)])
    assert result.exit_code == 0, result.output
    group = RunGroup.open(runs, "g")
    assert (group.metadata.snapshot_interval, group.metadata.snapshot_quota) == (1, quota)  # a resume runs the same
    key = RunKey(COMPETITION, 0)
    record = group.run_record(key).to_json()
    run_dir = group.run_dir(key)
    versions = [(run_dir / "code" / f"v{n}.csv").read_bytes() for n in range(3)]
    snaps = record["snapshots"]
    assert [s["sha256"] for s in snaps] == [hashlib.sha256(v).hexdigest() for v in versions]
    times = [s["elapsed_seconds"] for s in snaps]
    assert times == sorted(times) and times[1] - times[0] > 1 and times[2] - times[1] > 1
    assert sum(p.stat().st_size for p in (run_dir / "snapshots").glob("*.csv")) <= quota
    assert not (run_dir / ".workspace").exists()  # the agent's folder held none of them
    assert record["hardware"]["cpu_model"] and record["hardware"]["ram_bytes"] > 0

    report = json.loads((group.root / "grading_report.json").read_text())
    graded = report["competition_reports"][0]["snapshots"]
    assert [g["elapsed_seconds"] for g in graded] == times

    by_hand = []
    for n in range(3):
        out = CliRunner().invoke(app, ["grade-sample", str(run_dir / "code" / f"v{n}.csv"), COMPETITION,
                                       "--data-dir", str(comp.data_dir)], env={"COLUMNS": "1000"})
        assert out.exit_code == 0, out.output
        by_hand.append(json.JSONDecoder().raw_decode(out.output.strip())[0])
    assert len({h["score"] for h in by_hand}) == 3  # three different submissions

    budgets = [times[0] / 2, (times[0] + times[1]) / 2, (times[1] + times[2]) / 2, times[2] + 30]
    labels = [f"{b:.3f}s" for b in budgets]
    out_json = tmp_path / "report.json"
    html = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(group.root), "--at", ",".join(labels), "--json", str(out_json),
                                      "--html", str(html), "--no-reference", "--data-dir", str(comp.data_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(out_json.read_text())
    sample, ceiling = floor_and_ceiling(comp)
    for budget, want in zip(data["time_budgets"], [None, by_hand[0], by_hand[1], by_hand[2]]):
        cell = next(s for s in budget["splits"] if s["name"] == "group")["columns"][0]
        metrics = {k: v["mean"] for k, v in cell["metrics"].items()}
        if want is None:
            assert metrics["submission_exists"] == 0 and cell["leaderboard_percentile"]["mean"] == 0
            assert cell["normalised_score"]["mean"] == 0
            continue
        assert metrics["submission_exists"] == 100
        assert metrics["valid_submission"] == 100 * want["valid_submission"]
        assert metrics["any_medal"] == 100 * want["any_medal"] and metrics["above_median"] == 100 * want["above_median"]
        assert cell["leaderboard_percentile"]["mean"] == pytest.approx(100 * want["leaderboard_percentile"])
        assert cell["normalised_score"]["mean"] == pytest.approx(normalised(want["score"], sample, ceiling))
    assert "Any medal (%) vs time budget" in html.read_text()
    assert f"as if the time limit were {labels[1]}" in result.output


def test_snapshot_settings_survive_a_resume(prepared, tmp_path):
    comp = prepared.get(COMPETITION)
    plan = GroupPlan(agent=AgentConfig.from_command("true", network="none"), competitions=[COMPETITION], seeds=1,
                     limits=Limits(time_seconds=60), sandbox="bwrap", network="none", data_dir=comp.data_dir,
                     snapshot_interval=7.0, snapshot_quota=12345)
    (started,) = start_group(tmp_path, "g", plan).specs()
    (resumed,) = resume_group(tmp_path, "g", echo=lambda *_: None).specs()
    assert (started.snapshot_interval, started.snapshot_quota) == (resumed.snapshot_interval, resumed.snapshot_quota) \
        == (7.0, 12345)
    default = GroupPlan(**{**plan.__dict__, "snapshot_interval": None, "snapshot_quota": None})
    (spec,) = start_group(tmp_path, "d", default).specs()
    assert (spec.snapshot_interval, spec.snapshot_quota) == (DEFAULT_INTERVAL, None)  # None: the run's disk quota
