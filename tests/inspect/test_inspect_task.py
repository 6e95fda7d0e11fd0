"""MLE-bench as an Inspect task: whole evals with Inspect's mock model, a scripted solver and the
``local`` sandbox, over prepared offline competitions; scores must equal ``mlebench grade-sample``'s."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import sandbox
from typer.testing import CliRunner

from mlebench.cli import app
from mlebench.errors import MLEBenchError
from mlebench.inspect import FLAGS, SUBMISSION, mle_bench, mle_bench_scorer, report_score

LITE = "offline-lite"
ONE = "offline-tabular-binary"


def mock_model():
    """Inspect's mock model; usage given, so that it counts no tokens (tiktoken would download its tables)."""

    def reply(*_):
        output = ModelOutput.from_content(model="mockllm", content="I will copy a submission into place.")
        output.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
        return output

    return get_model("mockllm/model", custom_outputs=reply)


@solver
def scripted(script: str) -> Solver:
    """Asks the mock model once, then runs ``script`` in the sandbox (as an agent's tool call would)."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state = await generate(state)
        script_ = script.format(**state.metadata)
        result = await sandbox().exec(["sh", "-c", script_])
        assert result.success, result.stderr
        return state

    return solve


def run_eval(data_dir, tmp_path, script: str, **task_args):
    task = mle_bench(sandbox="local", data_dir=str(data_dir), **task_args)
    [log] = inspect_eval(task, solver=scripted(script), model=mock_model(), log_dir=str(tmp_path / "logs"),
                         display="none")
    assert log.status == "success", log.error
    return log, {s.id: s.scores["mle_bench_scorer"] for s in log.samples}


def grade_sample(path, competition_id, data_dir) -> dict:
    """``mlebench grade-sample``'s report, from the real command (in this process: a subprocess costs seconds)."""
    out = CliRunner().invoke(app, ["grade-sample", str(path), competition_id, "--data-dir", str(data_dir)])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout[:out.stdout.rindex("}") + 1])


@pytest.fixture(scope="module")
def lite_data(prepared):
    for cid in prepared.registry.get_split(LITE):
        prepared.get(cid)
    return prepared


def test_offline_lite_scores_equal_grade_sample(lite_data, tmp_path):
    log, scores = run_eval(lite_data.data_dir, tmp_path, "cp {sample_submission} {submission}", split=LITE)
    ids = lite_data.registry.get_split(LITE)
    assert sorted(scores) == sorted(ids)
    for cid in ids:
        competition = lite_data.registry.get_competition(cid)
        expected = grade_sample(competition.sample_submission, cid, lite_data.data_dir)
        score = scores[cid]
        assert expected["valid_submission"] is True, (cid, expected["invalid_reason"])
        assert score.value == {"score": expected["score"], **{f: expected[f] for f in FLAGS}}, cid
        assert score.reason is None
        for flag in ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median",
                     "gold_threshold", "median_threshold", "is_lower_better", "leaderboard_percentile"):
            assert score.metadata[flag] == expected[flag], (cid, flag)
        assert score.metadata["submission_path"] == SUBMISSION
    metrics = {m.name: m.metrics["mean"].value for m in log.results.scores}
    assert metrics["valid_submission"] == 1.0
    assert metrics["any_medal"] == sum(s.metadata["any_medal"] for s in scores.values()) / len(ids)
    assert metrics["above_median"] == sum(s.metadata["above_median"] for s in scores.values()) / len(ids)


def test_no_submission_counts_against_the_agent(lite_data, tmp_path):
    log, scores = run_eval(lite_data.data_dir, tmp_path, "true", competitions=ONE)
    score = scores[ONE]
    assert score.value == {"score": None, **{f: False for f in FLAGS}} and score.reason == "no_submission"
    assert SUBMISSION in score.explanation
    assert score.metadata["submission_exists"] is False
    metrics = {m.name: m.metrics["mean"].value for m in log.results.scores}
    assert metrics["valid_submission"] == 0.0 and metrics["any_medal"] == 0.0


def test_invalid_submission_reason_is_grade_samples(lite_data, tmp_path):
    _, scores = run_eval(lite_data.data_dir, tmp_path, "printf 'id,wrong\\n1,2\\n' > {submission}",
                         competitions=ONE)
    score = scores[ONE]
    assert score.value["score"] is None and score.reason == "invalid_submission"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,wrong\n1,2\n")
    assert score.explanation == grade_sample(bad, ONE, lite_data.data_dir)["invalid_reason"]


def test_kept_submission_is_the_file_graded(lite_data, tmp_path):
    keep = tmp_path / "kept"
    task = mle_bench(sandbox="local", data_dir=str(lite_data.data_dir), competitions=ONE)
    task.scorer = [mle_bench_scorer(data_dir=str(lite_data.data_dir), keep_submissions=str(keep))]
    [log] = inspect_eval(task, solver=scripted("cp {sample_submission} {submission}"), model=mock_model(),
                         log_dir=str(tmp_path / "logs"), display="none")
    kept = keep / ONE / "1" / "submission.csv"
    competition = lite_data.registry.get_competition(ONE)
    assert kept.read_bytes() == competition.sample_submission.read_bytes()
    score = log.samples[0].scores["mle_bench_scorer"]
    assert score.metadata["submission_path"] == str(kept)
    assert score.value["score"] == grade_sample(kept, ONE, lite_data.data_dir)["score"]


def test_submission_folder_is_invalid(lite_data, tmp_path):
    _, scores = run_eval(lite_data.data_dir, tmp_path, "mkdir -p {submission}", competitions=ONE)
    assert scores[ONE].reason == "no_submission" and "is a folder" in scores[ONE].explanation


def test_samples_carry_public_files_only(lite_data):
    task = mle_bench(sandbox="local", data_dir=str(lite_data.data_dir), split=LITE)
    for sample in task.dataset:
        competition = lite_data.registry.get_competition(sample.id)
        public = {p.name for p in competition.public_dir.iterdir()}
        assert {k.removeprefix("data/") for k in sample.files} == public
        assert all(v.startswith(str(competition.public_dir)) for v in sample.files.values())
        assert "data/description.md" in sample.input or "description.md" in sample.input


def test_docker_sample_mounts_public_read_only_without_network(lite_data):
    task = mle_bench(sandbox="docker", data_dir=str(lite_data.data_dir), competitions=ONE, image="some-image:1")
    [sample] = task.dataset
    service = sample.sandbox.config.services["default"]
    public = lite_data.registry.get_competition(ONE).public_dir.resolve()
    assert service.volumes == [f"{public}:/home/data:ro"]
    assert service.network_mode == "none" and service.image == "some-image:1" and service.working_dir == "/home"
    assert not sample.files  # mounted, not copied
    assert service.cap_drop == ["ALL"] and service.environment["PATH"].startswith("/opt/mlebench-env/bin:")
    assert [t.split(":")[0] for t in service.tmpfs] == ["/home/submission", "/home/code", "/home/logs"]


def test_mistakes_are_one_line_errors(lite_data, tmp_path):
    with pytest.raises(MLEBenchError, match="unknown sandbox 'podman'"):
        mle_bench(sandbox="podman", data_dir=str(lite_data.data_dir), competitions=ONE)
    with pytest.raises(MLEBenchError, match=f"not prepared.*mlebench prepare -c {ONE}"):
        mle_bench(sandbox="local", data_dir=str(tmp_path), competitions=ONE)
    with pytest.raises(MLEBenchError, match="Unknown split"):
        mle_bench(sandbox="local", data_dir=str(lite_data.data_dir), split="offline-lyte")


def test_grader_failure_is_unscored_not_the_agents(lite_data, tmp_path):
    from mlebench.grading.core import build_report

    competition = lite_data.registry.get_competition(ONE)
    report = build_report(competition, tmp_path / "submission.csv", None, None, exists=True, error="ValueError: boom")
    score = report_score(report)
    assert math.isnan(score.value) and score.reason == "grader_failed" and score.explanation == "ValueError: boom"


@pytest.mark.parametrize("script", [
    "ln -s {answers} {{submission}}",
    "mkdir -p {tmp}/linked && cp {answers} {tmp}/linked/submission.csv && rmdir submission && ln -s {tmp}/linked submission",
])
def test_link_to_the_answers_is_not_graded(lite_data, tmp_path, script):
    answers = lite_data.registry.get_competition(ONE).answers
    script = script.format(answers=answers, tmp=tmp_path)
    _, scores = run_eval(lite_data.data_dir, tmp_path, script, competitions=ONE)
    score = scores[ONE]
    assert score.reason == "no_submission" and "not a regular file" in score.explanation
    assert score.value["score"] is None


def test_inspect_cli_prints_a_mistake_as_one_line(tmp_path):
    task_file = Path(__file__).parents[2] / "src" / "mlebench" / "inspect" / "_task.py"
    out = subprocess.run([str(Path(sys.executable).parent / "inspect"), "eval", f"{task_file}@mle_bench",
                          "-T", "sandbox=podman", "-T", f"data_dir={tmp_path}", "--model", "mockllm/model",
                          "--log-dir", str(tmp_path / "logs"), "--display", "plain"],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode != 0
    assert "unknown sandbox" in out.stdout and "Traceback" not in out.stdout + out.stderr


def test_public_names_are_exported():
    import mlebench.inspect as package

    public = {n for n, v in vars(package).items() if not n.startswith("_") and getattr(v, "__module__", "").startswith(
        "mlebench.inspect")}
    assert public <= set(package.__all__) and all(hasattr(package, n) for n in package.__all__)
