"""mlebench.grading.normalise: scores on a 0 (sample submission) to 1 (ceiling) scale."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from mlebench.errors import MLEBenchError
from mlebench.grading import leaderboard as lb
from mlebench.grading.normalise import ceiling, floor_and_ceiling, normalised
from mlebench.registry import Competition


def with_ceiling(comp: Competition, value) -> Competition:
    extra = {k: v for k, v in comp.config.extra.items() if k != "ceiling"}
    if value is not None:
        extra["ceiling"] = value
    return dataclasses.replace(comp, config=dataclasses.replace(comp.config, extra=extra))


def test_normalised_is_zero_at_the_sample_and_one_at_the_ceiling_in_both_directions():
    assert normalised(0.5, 0.5, 1.0) == 0.0 and normalised(1.0, 0.5, 1.0) == 1.0
    assert normalised(0.75, 0.5, 1.0) == pytest.approx(0.5)
    # lower is better: an error of 3 between a sample's 12 and a ceiling of 2 is 90% of the way
    assert normalised(3.0, 12.0, 2.0) == pytest.approx(0.9)
    assert normalised(13.0, 12.0, 2.0) == pytest.approx(-0.1)  # worse than the sample: negative
    assert normalised(0.4, 0.5, 1.0) == pytest.approx(-0.2)


def test_normalised_refuses_a_degenerate_scale_and_non_numbers():
    with pytest.raises(ValueError, match="equals the sample"):
        normalised(0.7, 0.5, 0.5)
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError, match="finite"):
            normalised(bad, 0.5, 1.0)


def test_a_declared_ceiling_wins_over_the_board_and_the_floor_is_the_sample_score(prepared):
    comp = with_ceiling(prepared.get("offline-tabular-binary"), {"score": 0.985, "method": "declared"})
    sample, top = floor_and_ceiling(comp)
    assert top == 0.985 != pd.read_csv(comp.leaderboard)["score"].max()
    answers = pd.read_csv(comp.answers)
    submission = pd.read_csv(comp.sample_submission)
    assert sample == comp.grader.grade(submission, answers).score == 0.5  # a constant scores AUC 0.5
    assert normalised(0.7425, sample, top) == pytest.approx(0.5)


def test_a_kaggle_competition_takes_its_best_leaderboard_score(prepared):
    comp = prepared.get("random-acts-of-pizza")
    assert "ceiling" not in comp.config.extra
    sample, top = floor_and_ceiling(comp)
    scores = lb.load_leaderboard(comp.leaderboard)["score"]
    assert top == (scores.min() if comp.is_lower_better else scores.max())
    assert sample == comp.grader.grade(pd.read_csv(comp.sample_submission), pd.read_csv(comp.answers)).score
    assert ceiling(with_ceiling(comp, {"score": 0.99, "method": "declared"})) == 0.99


def test_a_malformed_or_missing_ceiling_is_a_clear_error(prepared, tmp_path):
    comp = prepared.get("offline-tabular-binary")
    for bad in (0.9, {"method": "no score"}, {"score": "high"}):
        with pytest.raises(MLEBenchError, match="must be"):
            ceiling(with_ceiling(comp, bad))
    no_board = dataclasses.replace(with_ceiling(comp, None),
                                   config=dataclasses.replace(with_ceiling(comp, None).config, folder=tmp_path))
    with pytest.raises(MLEBenchError, match="no 'ceiling'"):
        ceiling(no_board)
