"""offline-object-detection's own checks: the recorded ceiling and quality numbers hold, the answers
are the generator's labels, and the VOC-style AP counts misses and false positives as documented."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mlebench.offline import quality
from mlebench.registry import load_competition_module
from mlebench.utils import load_answers

ANSWERS = pd.DataFrame({"id": ["a", "b", "c"],
                        "PredictionString": ["box 1 0 0 10 10 disc 1 20 20 30 30", "box 1 5 5 15 15", "disc 1 0 0 8 8"]})


def test_ceiling_is_the_oracle_and_no_reference_beats_it(comp):
    raw = load_competition_module(comp.folder, "raw")
    answers = load_answers(comp.answers)
    quality.check_ceiling(comp, pd.DataFrame({"id": answers["id"], "PredictionString": raw.oracle(answers["id"])}))


def test_quality_numbers_match_the_board(comp):
    quality.check_quality(comp)


def test_answers_are_the_recorded_labels_of_the_test_images(comp):
    raw = load_competition_module(comp.folder, "raw")
    ids, _, objects, recorded = raw.simulate()
    labels = {i: raw.label_text(o, c) for i, o, c in zip(ids, objects, recorded)}
    answers = load_answers(comp.answers)
    train = pd.read_csv(comp.public_dir / "train.csv", keep_default_na=False)
    assert len(answers) == 960 and not set(answers["id"]) & set(train["id"])
    assert list(answers["PredictionString"]) == [labels[i] for i in answers["id"]]
    assert sorted(p.stem for p in (comp.public_dir / "test").glob("*.png")) == sorted(answers["id"])


@pytest.mark.parametrize("cells, expected", [
    # every box found: AP 1 per class
    (["box 0.9 0 0 10 10 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"], 1.0),
    # nothing predicted: 0 (siim's pooled pairs would give a positive score here)
    (["", "", ""], 0.0),
    # box: one of two found (recall 1/2 at precision 1); disc: a false positive ranked above both hits
    # (precision 1/2 at recall 1/2, 2/3 at recall 1) -> (0.5 + (0.25 + 1/3)) / 2
    (["box 0.9 0 0 10 10 disc 0.5 20 20 30 30", "disc 0.95 40 40 50 50", "disc 0.4 0 0 8 8"], (0.5 + 0.25 + 1 / 3) / 2),
    # box: IoU 50/100 = 0.5 is not a hit, so a false positive above the one hit (precision 1/2 at
    # recall 1/2) -> box AP 0.25, disc AP 1
    (["box 0.9 0 0 10 5 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"], (0.25 + 1) / 2),
])
def test_hand_computed_voc_map(comp, cells, expected):
    sub = pd.DataFrame({"id": ["a", "b", "c"], "PredictionString": cells})
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("cell, words", [("box 0.8 0 0 10", "6 fields"), ("box high 0 0 10 10", "numbers"),
                                         ("box inf 0 0 10 10", "nan or inf")])
def test_malformed_predictions_are_invalid(comp, cell, words):
    sub = ANSWERS.assign(PredictionString=[cell, "", ""])
    result = comp.grader.grade(sub, ANSWERS)
    assert result.score is None and words in result.invalid_reason.lower()


def test_the_board_has_at_least_a_hundred_reference_solutions(comp):
    names = [n for n, _ in load_competition_module(comp.folder, "reference").solutions()]
    assert len(names) >= 100 and len(set(names)) == len(names)
    assert sorted(pd.read_csv(comp.folder / "leaderboard.csv")["teamName"]) == sorted(names)
