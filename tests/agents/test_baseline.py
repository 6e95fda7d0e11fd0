"""The baseline agent end to end: real bwrap sandbox, agent environment, validation service, grading.

Each run has a short time limit; the agent must leave a valid submission that clearly beats the
sample submission under the competition's own grader.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from mlebench.grading.core import grade_csv
from mlebench.runner import env as agent_env
from mlebench.runner.agents import get_agent
from mlebench.runner.execute import RunSpec, execute_run
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits

AGENT_DIR = Path(__file__).resolve().parents[2] / "src" / "mlebench" / "agents" / "baseline"


@pytest.fixture(scope="module")
def python_env() -> Path:
    env_dir = agent_env.default_env_dir()
    agent_env.build(env_dir, echo=lambda *_: None)  # no-op when cached (~/.cache/mle-bench/envs/default)
    return env_dir


def _run(prepared, tmp_path: Path, python_env: Path, competition: str, seconds: int) -> tuple[dict, Path]:
    comp = prepared.get(competition)
    agent = get_agent("baseline")
    grp = RunGroup.create(tmp_path / "runs", "g", {"agent_id": agent.id, "agent": agent.public_record(),
                                                   "competitions": [competition], "seeds": 1,
                                                   "data_dir": str(comp.data_dir)})
    key = RunKey(competition, 0)
    spec = RunSpec(group_root=grp.root, key=key, agent=agent, limits=Limits(time_seconds=seconds, cpus=2),
                   sandbox="bwrap", network="none", data_dir=comp.data_dir, python_env=python_env)
    return execute_run(spec), grp.run_dir(key)


# (competition, time limit, how much better than the sample the score must be)
CASES = [
    ("offline-tabular-binary", 45, lambda s, base: s > 0.9 and base == pytest.approx(0.5)),
    ("offline-text-classification", 45, lambda s, base: s < 0.6 * base),
    ("offline-tabular-regression", 45, lambda s, base: s < 0.5 * base),
]


@pytest.mark.parametrize("competition,seconds,better", CASES, ids=[c[0] for c in CASES])
def test_baseline_beats_the_sample(prepared, tmp_path, python_env, competition, seconds, better):
    record, run_dir = _run(prepared, tmp_path, python_env, competition, seconds)
    comp = prepared.get(competition)
    log = (run_dir / "logs" / "baseline.log").read_text()
    assert record["status"] == "succeeded", (record, log[-2000:])
    assert record["wall_seconds"] < seconds, "the agent must finish before its time limit"
    report = grade_csv(run_dir / "submission" / "submission.csv", comp)
    sample = grade_csv(comp.sample_submission, comp)
    assert report.valid_submission, report
    assert better(report.score, sample.score), (report.score, sample.score, log[-2000:])
    assert "validated" in log  # every written candidate went through the validation service
    assert (run_dir / "code" / "baseline.py").exists() and (run_dir / "code" / "choices.txt").exists()


def _load(name: str):
    """One of the agent's modules (they import each other by bare name, as inside the sandbox)."""
    before = set(sys.modules)
    sys.path.insert(0, str(AGENT_DIR))
    try:
        spec = importlib.util.spec_from_file_location(f"baseline_{name}", AGENT_DIR / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(AGENT_DIR))
        for added in set(sys.modules) - before:  # keep bare names like `common` out of other tests
            sys.modules.pop(added, None)


def test_metric_is_read_from_the_evaluation_section():
    common = _load("common")
    text = "# X\nWe mention accuracy here.\n## Evaluation\nScored by the area under the ROC curve.\n## Files\n"
    assert common.guess_metric(text) == "auc"
    assert common.guess_metric("## Evaluation\nRoot mean squared error of the fare.") == "rmse"
    assert common.guess_metric("## Evaluation\nMulti-class logarithmic loss.") == "logloss"
    assert common.guess_metric("nothing here") is None


def test_rle_round_trip_is_column_major_and_one_indexed():
    seg = _load("segmentation")
    mask = np.zeros((4, 3), np.uint8)
    mask[1:3, 0] = 1
    mask[0, 2] = 1
    rle = seg.rle_encode(mask)
    assert rle == "2 2 9 1"
    assert (seg.rle_decode(rle, mask.shape) == mask).all()
    assert seg.rle_encode(np.zeros((2, 2))) == ""


def test_normalisation_rules_speak_numbers_dates_and_money():
    rules = _load("normrules")
    units = rules.learn_units(["146 MB", "3 kg"], ["one hundred forty six megabytes", "three kilograms"])
    assert units == {"MB": "megabytes", "kg": "kilograms"}
    assert rules.rule("92,661", units) == "ninety two thousand six hundred sixty one"
    assert rules.rule("1924-12-04", units) == "the fourth of december nineteen twenty four"
    assert rules.rule("October 21, 1930", units) == "october twenty first nineteen thirty"
    assert rules.rule("$42.71", units) == "forty two dollars seventy one cents"
    assert rules.rule("12 MB", units) == "twelve megabytes"
    assert rules.rule("BIQ", units) == "b i q"
    assert rules.rule("hello", units) is None


def test_free_text_labels_are_cut_to_the_commonest_classes():
    """A string target with thousands of distinct values (tag sets) is learnt as its MAX_CLASSES commonest:
    one model per class of 2,000 sets exhausted the sandbox's memory (a segfault on offline-keyword-sets)."""
    import pandas as pd

    tables = _load("tables")
    rare = [f"tag{i} other{i}" for i in range(2000)]
    train = pd.DataFrame({"id": range(2300), "Tags": ["python"] * 200 + ["java"] * 100 + rare})
    sample = pd.DataFrame({"id": [0, 1], "Tags": ["python", "python"]})
    [(target, mask)] = tables.build_targets(train, sample, "", "f1")
    assert len(target.classes) == tables.MAX_CLASSES and {"python", "java"} <= set(target.classes)
    assert len(target.y) == mask.sum() == 300 + tables.MAX_CLASSES - 2
    assert (target.classes[target.y] == train["Tags"][mask].to_numpy()).all()
