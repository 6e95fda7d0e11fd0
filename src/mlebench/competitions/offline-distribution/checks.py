"""offline-distribution's own checks: the recorded ceiling and quality numbers hold.

``assert_ceiling`` and ``assert_quality`` are shared with the other offline competitions that
record a ceiling (they load this module with ``load_competition_module``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlebench.grading.leaderboard import thresholds
from mlebench.registry import load_competition_module
from mlebench.utils import load_answers


def assert_ceiling(comp, best: pd.DataFrame) -> None:
    """``best`` (the generator's optimal submission) scores the recorded ceiling, and no board entry beats it."""
    result = comp.grader.grade(best, load_answers(comp.answers))
    assert result.score is not None, result.invalid_reason
    ceiling = comp.config.extra["ceiling"]
    assert ceiling["method"].strip()
    assert result.score == pytest.approx(ceiling["score"], abs=1e-5)
    board = pd.read_csv(comp.folder / "leaderboard.csv")["score"]
    beaten = board < ceiling["score"] if comp.is_lower_better else board > ceiling["score"]
    assert not beaten.any(), f"board entries beat the ceiling: {board[beaten].tolist()}"


def assert_quality(comp) -> None:
    """The recorded gold-bronze gap is the board's, and the bootstrap standard error is below it."""
    quality = comp.config.extra["quality"]
    t = thresholds(pd.read_csv(comp.folder / "leaderboard.csv")["score"], lower_is_better=comp.is_lower_better)
    assert quality["gold_bronze_gap"] == pytest.approx(abs(t.gold - t.bronze), abs=1e-5)
    assert 0 < quality["bootstrap_se"] < quality["gold_bronze_gap"]


def test_ceiling_is_the_expected_vote_share_and_no_reference_beats_it(comp):
    raw = load_competition_module(comp.folder, "raw")
    frame, z = raw.simulate()
    answers = load_answers(comp.answers)
    rows = pd.Series(np.arange(len(frame)), index=frame["eeg_id"]).loc[answers["eeg_id"]].to_numpy()
    best = pd.DataFrame(raw.expected_votes(z[rows]), columns=raw.VOTES)
    best.insert(0, "eeg_id", answers["eeg_id"].to_numpy())
    assert_ceiling(comp, best)


def test_quality_numbers_match_the_board(comp):
    assert_quality(comp)


def test_answers_are_the_vote_shares_of_the_generated_votes(comp):
    train = load_competition_module(comp.folder, "raw").simulate()[0].set_index("eeg_id")
    answers = load_answers(comp.answers).set_index("eeg_id")
    votes = train.loc[answers.index, answers.columns].to_numpy(dtype=float)
    assert np.allclose(answers.to_numpy(), votes / votes.sum(axis=1, keepdims=True), atol=1e-9)
    assert len(answers) == 2000 and not (comp.public_dir / "test.csv").read_text().count("_vote")


def test_a_zero_probability_on_a_voted_class_is_punished_but_graded(comp):
    answers = load_answers(comp.answers)
    sub = answers.copy()
    sub[sub.columns[1:]] = np.eye(6)[np.zeros(len(sub), dtype=int)]  # all mass on seizure
    result = comp.grader.grade(sub, answers)
    assert result.score is not None and result.score > 5
