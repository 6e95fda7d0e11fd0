"""Declarative grading (grading/declarative.py): scores unchanged by the move, options, and the kit.

``declarative_scores.json`` was written BEFORE the 31 "align + one metric" grade.py files were
replaced by config.yaml keys: the old graders' unrounded scores on every competition's answers,
sample submission and perturbed submissions (see tests/competitions/_scores.py for how, and the
command that wrote it). Today's graders must give the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlebench.errors import MLEBenchError
from mlebench.grading import InvalidSubmissionError
from mlebench.grading.declarative import declarative_grader
from mlebench.registry import Registry, registry
from tests.competitions._scores import EXPECTED, scores

RECORDED = json.loads(EXPECTED.read_text())
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("cid", sorted(RECORDED))
def test_scores_unchanged_by_the_move_to_declarative_grading(prepared, cid):
    got, want = scores(prepared.get(cid)), RECORDED[cid]
    assert set(got) == set(want)
    for name, expected in want.items():
        if expected is None or isinstance(expected, str):
            assert got[name] == expected, f"{cid} / {name}: {got[name]} (recorded {expected})"
        else:
            assert got[name] == pytest.approx(expected, abs=1e-9), f"{cid} / {name}"


@pytest.mark.parametrize("cid", registry.list_competition_ids())
def test_every_competition_builds_its_grader_from_its_folder(cid):
    """A config mistake shows here, without preparing any data (grade.py, or a valid grading spec)."""
    assert callable(registry.get_competition(cid).grade_fn)


def test_most_competitions_are_declarative():
    declarative = [c for c in registry.list_competition_ids() if registry.get_competition(c).is_declarative]
    assert len(declarative) >= 31
    assert not registry.get_competition("denoising-dirty-documents").is_declarative  # its own id matching


# --- the generic grader's options, on hand-checked data -------------------------------------


def _grader(metric: str, targets: list[str], grading: dict | None = None, **submission):
    return declarative_grader({"metric": metric, "submission": {"id_column": "id", "target_columns": targets, **submission},
                               "grading": grading or {}})


ANS = pd.DataFrame({"id": ["a", "b", "c", "d"], "y": [1, 0, 1, 0]})


def test_rows_are_matched_by_id_and_scored_with_the_metric():
    sub = pd.DataFrame({"id": ["d", "c", "b", "a"], "y": [0.1, 0.15, 0.2, 0.9]})
    # positive/negative pairs ordered correctly: (a,b) (a,d) (c,d), not (c,b) -> 3/4
    assert _grader("auc-roc", ["y"])(sub, ANS) == pytest.approx(0.75)


def test_probabilities_must_lie_in_the_unit_interval():
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "y": [1.5, 0.0, 0.5, 0.5]})
    # numeric (the default) takes any number: pairs (a,b) (a,d) (c,b) right, (c,d) tied -> 3.5/4
    assert _grader("auc-roc", ["y"])(sub, ANS) == pytest.approx(0.875)
    with pytest.raises(InvalidSubmissionError, match=r"\[0, 1\]"):
        _grader("auc-roc", ["y"], {"values": "probabilities"})(sub, ANS)


def test_probability_rows_follow_v1s_rule_with_its_tolerance():
    ans = pd.DataFrame({"id": ["1", "2"], "A": [1, 0], "B": [0, 1]})
    g = _grader("multi-class-log-loss", ["A", "B"], {"probability_rows": 1e-6})
    assert g(pd.DataFrame({"id": ["2", "1"], "A": [0.4, 0.5], "B": [0.6, 0.5]}), ans) == pytest.approx(
        -(np.log(0.5) + np.log(0.6)) / 2)
    assert g(pd.DataFrame({"id": ["1", "2"], "A": [0.5 + 5e-7, 0.4], "B": [0.5, 0.6]}), ans) is not None
    with pytest.raises(InvalidSubmissionError, match="sum to 1.*id 1"):
        g(pd.DataFrame({"id": ["1", "2"], "A": [0.5 + 1e-4, 0.4], "B": [0.5, 0.6]}), ans)


def test_allowed_values_name_the_range_and_accept_whole_floats():
    ans = pd.DataFrame({"id": ["a", "b", "c"], "y": [0, 2, 4]})
    g = _grader("accuracy", ["y"], {"allowed_values": [0, 1, 2, 3, 4]})
    assert g(pd.DataFrame({"id": ["a", "b", "c"], "y": [0.0, 2.0, 3.0]}), ans) == pytest.approx(2 / 3)
    with pytest.raises(InvalidSubmissionError, match="an integer 0-4; 1 row.*2.5"):
        g(pd.DataFrame({"id": ["a", "b", "c"], "y": [0, 2.5, 4]}), ans)
    labels = _grader("accuracy", ["y"], {"values": "text", "allowed_values": ["cat", "dog"]})
    with pytest.raises(InvalidSubmissionError, match="one of cat, dog.*bird"):
        labels(pd.DataFrame({"id": ["a"], "y": ["bird"]}), pd.DataFrame({"id": ["a"], "y": ["cat"]}))


def test_extra_and_ignored_columns():
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "y": [0.9, 0.1, 0.8, 0.2], "note": "x"})
    with pytest.raises(InvalidSubmissionError, match="unexpected column.*note"):
        _grader("auc-roc", ["y"])(sub, ANS)
    assert _grader("auc-roc", ["y"], {"extra_columns": "ignore"})(sub, ANS) == 1.0
    assert _grader("auc-roc", ["y"], {"ignored_columns": ["note"]})(sub, ANS) == 1.0
    with pytest.raises(InvalidSubmissionError, match="unexpected column.*other"):
        _grader("auc-roc", ["y"], {"ignored_columns": ["note"]})(sub.assign(other=1), ANS)


def test_unscored_rows_must_be_submitted_but_do_not_count():
    ans = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "y": [1, 0, 1, 0, -1]})
    g = _grader("auc-roc", ["y"], {"unscored_value": -1})
    sub = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "y": [0.9, 0.1, 0.8, 0.2, 0.95]})
    assert g(sub, ans) == 1.0
    with pytest.raises(InvalidSubmissionError, match="missing"):
        g(sub.iloc[:4], ans)


def test_text_values_compare_as_v1_does():
    ans = pd.DataFrame({"id": [1, 2, 3], "after": ["one", np.nan, "3"]})
    sub = pd.DataFrame({"id": [1, 2, 3], "after": ["one", np.nan, 3]})
    assert _grader("accuracy", ["after"], {"values": "text"}, allow_empty=True)(sub, ans) == 1.0
    with pytest.raises(InvalidSubmissionError, match="missing values"):
        _grader("accuracy", ["after"], {"values": "text"})(sub, ans)


def test_at_k_metric_with_space_separated_lists():
    ans = pd.DataFrame({"id": ["u1", "u2"], "items": ["a b", "c"]})
    sub = pd.DataFrame({"id": ["u1", "u2"], "items": ["x a b", np.nan]})
    g = _grader("map-at-k", ["items"], {"values": "space-separated", "metric_options": {"k": 2}}, allow_empty=True)
    assert g(sub, ans) == pytest.approx((0.5 / 2 + 0.0) / 2)  # u1: only 'a' at rank 2 within k=2 -> (1/2)/2


def test_metric_options_reach_the_metric():
    ans = pd.DataFrame({"id": ["a", "b", "c", "d"], "y": ["x", "x", "y", "z"]})
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "y": ["x", "y", "y", "y"]})
    macro = _grader("f1-score", ["y"], {"values": "text", "metric_options": {"average": "macro"}})(sub, ans)
    micro = _grader("f1-score", ["y"], {"values": "text", "metric_options": {"average": "micro"}})(sub, ans)
    # per class: x 2/3 (p 1, r 1/2), y 1/2 (p 1/3, r 1), z 0
    assert micro == pytest.approx(0.5) and macro == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)


@pytest.mark.parametrize(("config", "words"), [
    ({"grading": {"valeus": "text"}}, "unknown grading key.*Did you mean: values"),
    ({"metric": "auc"}, "metric 'auc' is not a named metric"),
    ({"grading": {"values": "strings"}}, "grading.values must be one of"),
    ({"grading": {"metric_options": {"k": 3}}}, "takes no option.*k"),
    ({"metric": "map-at-k"}, "needs grading.metric_options: k"),
    ({"submission": {"id_column": "id"}}, "needs submission.id_column and submission.target_columns"),
    ({"submission": {"id_column": "id", "target_columns": ["a", "b"]}, "metric": "map-at-k",
      "grading": {"values": "space-separated", "metric_options": {"k": 5}}}, "takes one target column"),
])
def test_config_mistakes_are_reported_when_the_grader_is_built(config, words):
    base = {"metric": "auc-roc", "submission": {"id_column": "id", "target_columns": ["y"]}}
    with pytest.raises(MLEBenchError, match=words):
        declarative_grader({**base, **config}, where="x/config.yaml")


# --- acceptance: a new competition is one folder, no grade.py, picked up by the contract suite ---

PLUGIN_CONFIG = """\
id: kit-demo-regression
name: "Kit demo: house prices"
category: Tabular
metric: mean-absolute-error
source: kaggle
files:
  answers: private/test.csv
  sample_submission: public/sample_submission.csv
submission:
  id_column: Id
  target_columns: [price]
perfect_score: 0.0
"""
PLUGIN_PREPARE = '''\
from pathlib import Path

import pandas as pd


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = pd.read_csv(raw / "train.csv")
    test = train.sample(frac=0.2, random_state=0).sort_values("Id")
    train = train.drop(test.index)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["price"]).to_csv(public / "test.csv", index=False)
    test[["Id"]].assign(price=0.0).to_csv(public / "sample_submission.csv", index=False)
    test[["Id", "price"]].to_csv(private / "test.csv", index=False)
'''
PLUGIN_FIXTURE = '''\
from pathlib import Path

import numpy as np
import pandas as pd


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(3)
    rooms = rng.integers(1, 8, size=50)
    pd.DataFrame({"Id": np.arange(1, 51), "rooms": rooms, "price": rooms * 50.0 + rng.normal(0, 5, 50).round(2)}).to_csv(
        raw / "train.csv", index=False)
'''
PLUGIN_CHECKS = '''\
import pandas as pd


def test_test_rows_are_a_fifth_of_the_download(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / comp.id / "train.csv")
    assert len(pd.read_csv(comp.private_dir / "test.csv")) == len(raw) // 5
'''


def test_a_new_competition_is_one_folder_and_the_contract_suite_picks_it_up(tmp_path):
    folder = tmp_path / "plugins" / "kit-demo-regression"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text(PLUGIN_CONFIG)
    (folder / "description.md").write_text("# Kit demo\n\nPredict each house's price. Metric: mean absolute error.\n")
    (folder / "prepare.py").write_text(PLUGIN_PREPARE)
    (folder / "fixture.py").write_text(PLUGIN_FIXTURE)
    (folder / "checks.py").write_text(PLUGIN_CHECKS)
    assert not (folder / "grade.py").exists()
    env = {**os.environ, "MLEBENCH_COMPETITIONS_PATH": str(tmp_path / "plugins")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "kit-demo-regression",
         "tests/competitions/test_contract.py", "tests/competitions/test_competition_checks.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    contract = sum(1 for line in (REPO / "tests/competitions/test_contract.py").read_text().splitlines()
                   if line.startswith("def test_"))
    assert f"{contract + 1} passed" in out, out[-3000:]  # every contract test, and the folder's own check
    assert "skipped" not in out and "deselected" in out, out[-3000:]


def test_the_plugin_is_graded_declaratively(tmp_path):
    folder = tmp_path / "kit-demo-regression"
    folder.mkdir()
    (folder / "config.yaml").write_text(PLUGIN_CONFIG)
    comp = Registry(tmp_path / "data", folders=[tmp_path]).get_competition("kit-demo-regression")
    assert comp.is_declarative and comp.is_lower_better
    ans = pd.DataFrame({"Id": [1, 2], "price": [100.0, 200.0]})
    assert comp.grader(pd.DataFrame({"Id": [2, 1], "price": [210.0, 100.0]}), ans) == 5.0


def test_the_kit_doc_lists_every_grading_key_and_value_kind():
    from mlebench.grading.declarative import GRADING_KEYS, VALUE_KINDS

    doc = (REPO / "docs" / "competition-kit.md").read_text()
    assert [k for k in GRADING_KEYS if f"| `{k}` |" not in doc] == []
    assert [v for v in VALUE_KINDS if f"`{v}`" not in doc] == []


def test_spooky_scores_as_v1s_scikit_learn_log_loss_did():
    """v1's spooky grader called scikit-learn's log_loss, which (in the versions v1 ran) clipped to
    [eps, 1 - eps] with float64's eps and then rescaled each row to sum to 1; the declarative
    grader (multi-class-log-loss, eps = float64 eps) rescales, then clips: the same score."""
    comp = registry.get_competition("spooky-author-identification")
    classes = ["EAP", "HPL", "MWS"]
    rng = np.random.default_rng(5)
    p = rng.dirichlet([0.5, 0.5, 0.5], size=40)
    p[:5] = np.eye(3)[rng.integers(0, 3, 5)]  # certain predictions, with exact zeros
    p[5:10, 0] += 5e-7  # rows off by less than v1's 1e-6 tolerance are still valid
    truth = rng.integers(0, 3, 40)
    ids = [f"id{i:05d}" for i in range(40)]
    answers = pd.DataFrame({"id": ids, **{c: (truth == j).astype(int) for j, c in enumerate(classes)}})
    sub = pd.DataFrame({"id": ids, **{c: p[:, j] for j, c in enumerate(classes)}})
    eps = np.finfo(np.float64).eps
    clipped = np.clip(p, eps, 1 - eps)
    v1 = float(-np.mean(np.log((clipped / clipped.sum(axis=1, keepdims=True))[np.arange(40), truth])))
    assert comp.grader.grade_fn(sub, answers) == pytest.approx(v1, abs=1e-12)
