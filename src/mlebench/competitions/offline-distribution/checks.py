"""offline-distribution's own checks: the recorded ceiling and quality numbers hold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlebench.offline import quality
from mlebench.registry import load_competition_module
from mlebench.utils import load_answers


def test_ceiling_is_the_expected_vote_share_and_no_reference_beats_it(comp):
    raw = load_competition_module(comp.folder, "raw")
    frame, z = raw.simulate()
    answers = load_answers(comp.answers)
    rows = pd.Series(np.arange(len(frame)), index=frame["eeg_id"]).loc[answers["eeg_id"]].to_numpy()
    best = pd.DataFrame(raw.expected_votes(z[rows]), columns=raw.VOTES)
    best.insert(0, "eeg_id", answers["eeg_id"].to_numpy())
    quality.check_ceiling(comp, best)


def test_quality_numbers_match_the_board(comp):
    quality.check_quality(comp)


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
