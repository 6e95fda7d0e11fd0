"""Run-group records: a group written before the typed models (tests/fixtures/rungroups/v0/, made by
`mlebench run --agent dummy -c offline-tabular-binary --seeds 2` at commit 55be35f) is read, reported,
graded and resumed by today's code, and the records keep every field and shape they had."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlebench.cli import app
from mlebench.errors import MLEBenchError
from mlebench.grading.report import CompetitionReport, Medal, medal_of
from mlebench.reports import RunResult
from mlebench.runner.groups import resume_group
from mlebench.runner.records import FINAL_STATUSES, GroupMetadata, LimitsRecord, RunRecord, RunStatus
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits

V0 = Path(__file__).parents[1] / "fixtures" / "rungroups" / "v0" / "v0-dummy"
COMPETITION = "offline-tabular-binary"


def _copy(tmp_path: Path, data_dir: Path | None = None) -> RunGroup:
    """The v0 group copied out, moved to ``data_dir`` (its metadata names the data dir it ran on)."""
    root = tmp_path / "runs" / V0.name
    shutil.copytree(V0, root)
    if data_dir is not None:
        meta = json.loads((root / "metadata.json").read_text())
        (root / "metadata.json").write_text(json.dumps({**meta, "data_dir": str(data_dir)}, indent=2))
    return RunGroup(root)


def _interrupt(group: RunGroup, key: RunKey) -> dict:
    """What a harness killed mid-run leaves: run.json as first written (status running), no outputs."""
    path = group.run_dir(key) / "run.json"
    record = json.loads(path.read_text())
    first = {k: record[k] for k in list(record)[: list(record).index("versions") + 1]}
    for sub in ("submission", "logs", "code"):
        shutil.rmtree(group.run_dir(key) / sub)
    path.write_text(json.dumps({**first, "status": "running"}, indent=2))
    return first


def test_v0_records_read_and_write_back_unchanged(tmp_path):
    group = RunGroup(V0)
    meta = group.metadata
    assert isinstance(meta, GroupMetadata) and meta.schema_version == 0  # written before the models
    assert meta.agent_id == "dummy" and meta.env_profile == "minimal" and meta.seeds == 2
    assert meta.limits == LimitsRecord(time_seconds=60.0, cpus=None, memory_bytes=None, pids=2048,
                                       disk_bytes=20 * 1024**3, gpus=[])
    assert meta.limits.to_limits() == Limits(time_seconds=60.0)
    assert group.keys() == [RunKey(COMPETITION, 0), RunKey(COMPETITION, 1)] and group.pending() == []
    for key in group.keys():
        record = group.run_record(key)
        assert isinstance(record, RunRecord) and record.status is RunStatus.succeeded and record.finished
        assert record.submission is not None and record.submission.exists and record.submission.bytes == 10591
        assert record.versions is not None and record.versions.profile == "minimal"
        # the memory limit applied was the default: reading it back gives the Limits asked for
        assert record.limits is not None and record.limits.memory_default
        assert record.limits.to_limits() == Limits(time_seconds=60.0)
        # every field and shape kept: writing the record back gives the file it came from
        original = json.loads((group.run_dir(key) / "run.json").read_text())
        assert record.to_json() == original
    assert meta.to_json() == json.loads((V0 / "metadata.json").read_text())

    copy = _copy(tmp_path)
    key = RunKey(COMPETITION, 0)
    record = copy.run_record(key)
    assert record is not None
    raw = json.loads((copy.run_dir(key) / "run.json").read_text())
    copy.write_run_record(key, record.model_copy(update={"from_a_newer_harness": {"x": 1}}))
    assert json.loads((copy.run_dir(key) / "run.json").read_text()) == {**raw, "from_a_newer_harness": {"x": 1}}
    assert copy.run_record(key).from_a_newer_harness == {"x": 1}  # unknown fields are kept


def test_statuses_and_medals():
    assert {s.value for s in FINAL_STATUSES} == {"succeeded", "failed", "timeout", "oom", "pids_limit", "disk_limit"}
    assert not RunStatus.error.final and not RunStatus.running.final  # rerun on resume
    assert [s.value for s in RunStatus if s.agent_failure] == ["failed", "oom", "pids_limit", "disk_limit"]
    entry = json.loads((V0 / "grading_report.json").read_text())["competition_reports"][0]
    assert medal_of(entry) is Medal.none and CompetitionReport.from_dict(entry).medal is Medal.none
    gold = {**entry, "gold_medal": True, "any_medal": True}
    assert medal_of(gold) is Medal.gold and RunResult.from_dict(gold).medal == "gold"
    assert medal_of({**entry, "bronze_medal": True}) is Medal.bronze
    assert str(Medal.silver) == "silver" and f"{Medal.silver}" == "silver"


def test_report_reads_v0_report_through_the_grading_model(tmp_path):
    runs = [RunResult.from_dict(e) for e in json.loads((V0 / "grading_report.json").read_text())["competition_reports"]]
    assert [(r.seed, r.score, r.valid_submission, r.run_status) for r in runs] == [(0, 0.5, True, "succeeded"),
                                                                                  (1, 0.5, True, "succeeded")]
    v1_entry = {k: v for k, v in json.loads((V0 / "grading_report.json").read_text())["competition_reports"][0].items()
                if k in CompetitionReport.model_fields and k in list(CompetitionReport.model_fields)[:16]}
    assert len(v1_entry) == 16 and RunResult.from_dict({**v1_entry, "valid_submission": None}).valid_submission is False
    with pytest.raises(MLEBenchError, match="score"):
        RunResult.from_dict({**v1_entry, "score": "high"})
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["report", str(V0), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert "v0-dummy" in json.dumps(report) and "v0-dummy" in result.output


def test_grading_and_resume_of_a_v0_group(prepared, tmp_path):
    data_dir = prepared.get(COMPETITION).data_dir
    group = _copy(tmp_path, data_dir)
    from mlebench.runner.grading import grade_group

    _, report = grade_group(group, data_dir)
    old = json.loads((V0 / "grading_report.json").read_text())
    assert report["total_valid_submissions"] == old["total_valid_submissions"] == 2
    assert [r["score"] for r in report["competition_reports"]] == [r["score"] for r in old["competition_reports"]]
    assert {k for k in old["competition_reports"][0]} <= set(report["competition_reports"][0])
    _, parallel = grade_group(group, data_dir, jobs=2)  # two processes: the same reports but for the timestamps
    moment = {"created_at", "grader_seconds"}
    assert ([{k: v for k, v in r.items() if k not in moment} for r in parallel["competition_reports"]]
            == [{k: v for k, v in r.items() if k not in moment} for r in report["competition_reports"]])

    done, interrupted = RunKey(COMPETITION, 0), RunKey(COMPETITION, 1)
    before = group.run_record(done)
    first = _interrupt(group, interrupted)
    assert group.pending() == [interrupted]
    run = resume_group(group.root.parent, group.name)
    assert run.plan.profile == "minimal" and run.plan.limits == Limits(time_seconds=60.0)
    assert run.plan.data_dir == data_dir and run.pending() == [interrupted]
    graded: list[RunKey] = []
    errors = run.run(lambda run_id, state: None, on_graded=lambda key, rep: graded.append(key))
    assert errors == [] and graded == [interrupted] and group.pending() == []
    after = group.run_record(interrupted)
    assert after is not None and after.status is RunStatus.succeeded and after.schema_version == 1
    assert after.versions is not None and after.versions.profile == "minimal"
    assert after.started_at != first["started_at"]
    assert group.run_record(done) == before  # a finished run is never rerun
    _, report = run.grade()
    assert report["total_valid_submissions"] == 2


def test_resume_uses_the_profile_the_group_ran_in(tmp_path):
    """A group that ran on the sandbox's own Python resumes on it, even where the default environment is built now."""
    group = _copy(tmp_path)
    meta = json.loads((group.root / "metadata.json").read_text())
    (group.root / "metadata.json").write_text(json.dumps({**meta, "env_profile": None}))
    plan = resume_group(group.root.parent, group.name).plan
    assert plan.profile is None and plan.python_env is None
    (group.root / "metadata.json").write_text(json.dumps({**meta, "env_profile": "no-such-profile"}))
    with pytest.raises(MLEBenchError, match="no-such-profile"):
        resume_group(group.root.parent, group.name)


def test_keep_containers_reaches_the_docker_backend_as_an_option(tmp_path, monkeypatch):
    from mlebench.runner.sandbox.docker import DockerBackend

    group = _copy(tmp_path)
    _interrupt(group, RunKey(COMPETITION, 1))
    run = resume_group(group.root.parent, group.name, keep_containers=True)
    assert [s.sandbox_options for s in run.specs()] == [{}]  # the group's sandbox is bwrap: not its option
    run.plan.sandbox = "docker"
    assert [s.sandbox_options for s in run.specs()] == [{"keep_containers": True}]
    monkeypatch.setenv("MLEBENCH_KEEP_CONTAINERS", "1")  # old scripts' variable: the default, an argument wins
    assert DockerBackend().keep_containers and not DockerBackend(keep_containers=False).keep_containers
    monkeypatch.delenv("MLEBENCH_KEEP_CONTAINERS")
    assert not DockerBackend().keep_containers and DockerBackend(keep_containers=True).keep_containers
