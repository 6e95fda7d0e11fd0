"""v1's Python API, which downstream projects import (AIRA-dojo, Inspect's MLE-bench task, forks),
and a guard that each compatibility module's `__all__` is exactly its public names (as httpx does)."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

LITE_IDS = [  # v1's splits/low.txt
    "aerial-cactus-identification", "aptos2019-blindness-detection", "denoising-dirty-documents",
    "detecting-insults-in-social-commentary", "dog-breed-identification", "dogs-vs-cats-redux-kernels-edition",
    "histopathologic-cancer-detection", "jigsaw-toxic-comment-classification-challenge", "leaf-classification",
    "mlsp-2013-birds", "new-york-city-taxi-fare-prediction", "nomad2018-predict-transparent-conductors",
    "plant-pathology-2020-fgvc7", "random-acts-of-pizza", "ranzcr-clip-catheter-line-classification",
    "siim-isic-melanoma-classification", "spooky-author-identification", "tabular-playground-series-dec-2021",
    "tabular-playground-series-may-2022", "text-normalization-challenge-english-language",
    "text-normalization-challenge-russian-language", "the-icml-2013-whale-challenge-right-whale-redux",
]


def test_v1_import_paths():
    from mlebench.grade import aggregate_reports, grade_csv, grade_jsonl, validate_submission
    from mlebench.grade_helpers import CompetitionReport, Grader, InvalidSubmissionError
    from mlebench.grading import InvalidSubmissionError as ISE
    from mlebench.registry import Registry, registry
    from mlebench.utils import load_answers, read_csv, read_jsonl

    assert isinstance(registry, Registry)
    assert InvalidSubmissionError is ISE and issubclass(InvalidSubmissionError, Exception)
    for fn in (aggregate_reports, grade_csv, grade_jsonl, validate_submission, load_answers, read_csv, read_jsonl):
        assert callable(fn)
    assert list(inspect.signature(grade_csv).parameters)[:2] == ["path_to_submission", "competition"]
    params = inspect.signature(grade_jsonl).parameters
    assert list(params)[:3] == ["path_to_submissions", "output_dir", "registry"]
    # additions after v1's parameters are keyword-only with defaults (e.g. jobs), so v1's calls still work
    assert all(p.kind is p.KEYWORD_ONLY and p.default is not p.empty for p in list(params.values())[3:])
    assert list(inspect.signature(validate_submission).parameters) == ["submission", "competition"]
    assert list(inspect.signature(aggregate_reports).parameters) == ["competition_reports"]
    assert {"to_dict", "from_dict"} <= set(dir(CompetitionReport)) and callable(Grader)


def test_registry_v1_methods(tmp_path):
    from mlebench.registry import registry

    assert registry.get_lite_competition_ids() == LITE_IDS
    ids = registry.list_competition_ids()
    assert ids == sorted(ids) and "offline-tabular-binary" in ids
    other = registry.set_data_dir(tmp_path)
    assert other.get_data_dir() == tmp_path and registry.get_data_dir() != tmp_path
    comp = other.get_competition("offline-tabular-binary")
    assert comp.public_dir == tmp_path / "offline-tabular-binary" / "prepared" / "public"
    assert comp.private_dir == tmp_path / "offline-tabular-binary" / "prepared" / "private"
    assert comp.raw_dir == tmp_path / "offline-tabular-binary" / "raw"
    assert comp.answers == comp.private_dir / "test.csv"
    assert comp.sample_submission == comp.public_dir / "sample_submission.csv"
    assert comp.gold_submission == comp.answers  # no separate gold file: the answers are the gold
    assert comp.checksums.name == "checksums.yaml" and comp.leaderboard.name == "leaderboard.csv"
    assert comp.id == "offline-tabular-binary" and comp.name and "target" in comp.description
    assert callable(comp.prepare_fn) and callable(comp.grader)
    assert registry.get_competitions_dir().is_dir() and registry.get_splits_dir().is_dir()
    with pytest.raises(KeyError):  # v1 raised KeyError-like lookups; ours is a KeyError subclass
        registry.get_competition("no-such-competition")


def test_grader_rounds_to_5_decimals_and_none_for_invalid(prepared):
    from mlebench.grade_helpers import Grader
    from mlebench.grading.metrics import roc_auc_score
    from mlebench.utils import load_answers

    comp = prepared.get("offline-tabular-binary")
    answers = load_answers(comp.answers)
    rng = np.random.default_rng(0)
    noisy = answers.assign(target=answers["target"] + rng.normal(0, 1.5, len(answers)))
    score = comp.grader(noisy, answers)
    exact = roc_auc_score(answers["target"], noisy["target"])
    assert exact != round(exact, 5)  # the test needs a score with more than 5 decimals
    assert score == round(exact, 5)
    assert comp.grader(noisy.drop(columns="target"), answers) is None  # invalid
    assert comp.grader(noisy.iloc[:10], answers) is None
    # v1's Grader(name, "module:function") form; any grader crash is None too, as in v1
    g = Grader("accuracy", "mlebench.grading.metrics:accuracy_score")
    assert g([1, 2, 3], [1, 2, 4]) == 0.66667
    assert Grader("boom", lambda s, a: 1 / 0)(None, None) is None


def test_load_answers_csv_jsonl_json_parquet(tmp_path):
    from mlebench.utils import load_answers

    df = pd.DataFrame({"id": [1, 2], "label": ["a", "b"]})
    df.to_csv(tmp_path / "a.csv", index=False)
    df.to_parquet(tmp_path / "a.parquet")
    (tmp_path / "a.jsonl").write_text('{"id": 1, "label": "a"}\n\n{"id": 2, "label": "b"}\n')
    (tmp_path / "a.json").write_text(json.dumps({"k": [1, 2]}))
    pd.testing.assert_frame_equal(load_answers(tmp_path / "a.csv"), df)
    pd.testing.assert_frame_equal(load_answers(str(tmp_path / "a.parquet")), df)
    assert load_answers(tmp_path / "a.jsonl") == [{"id": 1, "label": "a"}, {"id": 2, "label": "b"}]
    assert load_answers(tmp_path / "a.json") == {"k": [1, 2]}
    assert load_answers(tmp_path) == tmp_path  # a folder of answer files is passed through
    with pytest.raises(ValueError, match="unsupported"):
        load_answers(tmp_path / "a.xlsx")


# --- __all__ equals the public names -----------------------------------------------------------

COMPAT_MODULES = ["mlebench.grade", "mlebench.grade_helpers", "mlebench.registry", "mlebench.utils",
                  "mlebench.grading", "mlebench.errors"]


def _top_level_names(module: types.ModuleType) -> tuple[set[str], set[str]]:
    """(public names the module defines, public names it imports from mlebench), read from its source."""
    tree = ast.parse(Path(module.__file__).read_text())
    defined, imported = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mlebench"):
            imported |= {a.asname or a.name for a in node.names}
    public = lambda names: {n for n in names if not n.startswith("_")}  # noqa: E731
    return public(defined), public(imported)


@pytest.mark.parametrize("name", COMPAT_MODULES)
def test_all_equals_public_names(name):
    module = importlib.import_module(name)
    assert sorted(module.__all__) == sorted(set(module.__all__)), "duplicates in __all__"
    defined, imported = _top_level_names(module)
    exported = set(module.__all__)
    if not defined:  # a facade: everything it imports is what it exports
        assert exported == imported
    else:  # everything it defines is exported; anything else exported is a deliberate re-export
        assert defined <= exported, f"public but not in __all__: {sorted(defined - exported)}"
        assert exported <= defined | imported, f"in __all__ but not defined: {sorted(exported - defined - imported)}"
    for name in module.__all__:
        assert hasattr(module, name)
