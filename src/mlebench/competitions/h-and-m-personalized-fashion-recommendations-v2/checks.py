"""h-and-m-personalized-fashion-recommendations-v2: version 1's files; article ids compared as numbers."""

from pathlib import Path

import pandas as pd
import pytest

from mlebench.registry import load_competition_module, registry
from mlebench.utils import load_answers

_v1_checks = load_competition_module(
    Path(__file__).resolve().parent.parent / "h-and-m-personalized-fashion-recommendations", "checks"
)


def test_prepared_files_are_version_1s(comp, prepared):
    _v1_checks.test_prepared_files_are_v1s(comp, prepared)


def test_kaggle_spelling_of_article_ids_matches(comp):
    answers = pd.DataFrame({"customer_id": ["c1", "c2"], "prediction": ["706016001 108775015", "372860001"]})
    sub = pd.DataFrame({"customer_id": ["c2", "c1"], "prediction": ["0372860001", "0108775015 0706016001"]})
    # c1: both hit (1/1 + 2/2) / 2 = 1; c2: 1
    assert comp.grader.grade(sub, answers).score == pytest.approx(1.0)
    v1 = registry.get_competition("h-and-m-personalized-fashion-recommendations").grader
    assert v1.grade(sub, answers).score == 0.0  # v1 compares the text


def test_sample_in_kaggles_format_scores_like_its_numeric_twin(comp):
    sample = pd.read_csv(comp.sample_submission, dtype=str)
    answers = load_answers(comp.answers)
    twin = sample.assign(prediction=[" ".join(a.lstrip("0") for a in p.split()) for p in sample["prediction"]])
    v1 = registry.get_competition("h-and-m-personalized-fashion-recommendations").grader
    assert comp.grader.grade(sample, answers).score == v1.grade(twin, answers).score > 0
