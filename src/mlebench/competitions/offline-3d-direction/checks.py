"""offline-3d-direction's own checks: the recorded ceiling and quality numbers hold, the split is by batch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline import quality
from mlebench.registry import load_competition_module
from mlebench.utils import load_answers



def test_ceiling_is_the_oracle_timing_fit_and_no_reference_beats_it(comp):
    raw = load_competition_module(comp.folder, "raw")
    answers = load_answers(comp.answers)
    angles = raw.oracle_directions(answers["event_id"].to_numpy())
    best = pd.DataFrame({"event_id": answers["event_id"], "azimuth": angles[:, 0], "zenith": angles[:, 1]})
    quality.check_ceiling(comp, best)


def test_quality_numbers_match_the_board(comp):
    quality.check_quality(comp)


def test_test_events_are_whole_batches_with_their_pulses(comp):
    train = pd.read_parquet(comp.public_dir / "train_meta.parquet")
    test = pd.read_parquet(comp.public_dir / "test_meta.parquet")
    assert not set(train["batch_id"]) & set(test["batch_id"])
    assert "azimuth" not in test.columns and len(test) == 1600
    assert sorted(load_answers(comp.answers)["event_id"]) == sorted(test["event_id"])
    pulses = pd.concat([pd.read_parquet(p) for p in sorted((comp.public_dir / "test").glob("*.parquet"))])
    assert set(pulses.index) == set(test["event_id"])
    counts = pulses.index.value_counts().loc[test["event_id"]].to_numpy()
    assert np.array_equal(counts, (test["last_pulse_index"] - test["first_pulse_index"] + 1).to_numpy())


def test_a_right_angle_scores_half_pi(comp):
    answers = load_answers(comp.answers)
    sub = answers.assign(zenith=np.where(answers["zenith"] < np.pi / 2, answers["zenith"] + np.pi / 2,
                                         answers["zenith"] - np.pi / 2))
    sub["azimuth"] = answers["azimuth"]
    # a zenith moved by 90 degrees in the same vertical plane is 90 degrees off
    assert comp.grader.grade(sub, answers).score == np.round(np.pi / 2, 5)
