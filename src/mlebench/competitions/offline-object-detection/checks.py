"""offline-object-detection's own checks: the recorded ceiling and quality numbers hold, the answers
are the generator's labels, and the AP over IoU thresholds 0.5:0.95 counts misses, false positives
and loose boxes as documented."""

from __future__ import annotations

import pandas as pd
import pytest

from mlebench.offline import quality
from mlebench.registry import load_competition_module
from mlebench.utils import load_answers

ANSWERS = pd.DataFrame({"id": ["a", "b", "c"],
                        "PredictionString": ["box 1 0 0 10 10 disc 1 20 20 30 30", "box 1 5 5 15 15", "disc 1 0 0 8 8"]})


def test_the_ceiling_is_the_generators_boxes_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
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
    # every box exact: AP 1 per class at every threshold
    (["box 0.9 0 0 10 10 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"], 1.0),
    # nothing predicted: 0 (siim's pooled pairs would give a positive score here)
    (["", "", ""], 0.0),
    # exact boxes, so every threshold alike. box: one of two found (recall 1/2 at precision 1); disc: a
    # false positive ranked above both hits (precision 1/2 at recall 1/2, 2/3 at recall 1)
    (["box 0.9 0 0 10 10 disc 0.5 20 20 30 30", "disc 0.95 40 40 50 50", "disc 0.4 0 0 8 8"], (0.5 + 0.25 + 1 / 3) / 2),
    # box: IoU 50/100 = 0.5 is not a hit even at 0.5, so a false positive above the one hit (precision
    # 1/2 at recall 1/2) -> box AP 0.25 at every threshold, disc AP 1
    (["box 0.9 0 0 10 5 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"], (0.25 + 1) / 2),
    # box: IoU 60/100 = 0.6 is a hit at 0.5 and 0.55 (box AP 1), not at 0.6-0.95 (AP 0.25 as above)
    (["box 0.9 0 0 10 6 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"], ((2 + 8 * 0.25) / 10 + 1) / 2),
    # box: IoU 64/100 is a hit at 0.5, 0.55 and 0.6
    (["box 0.9 0 0 8 8 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"], ((3 + 7 * 0.25) / 10 + 1) / 2),
    # two boxes on image a's true box, the surer one at IoU 0.6: at 0.5 and 0.55 it takes the true box and
    # the exact one is a false positive (hits 1, 0, 1: AP 1/2 + 1/2 * 2/3); above, the loose one is the
    # false positive and the exact one takes the box (hits 0, 1, 1: AP 1/2 * 1/2 + 1/2 * 2/3)
    (["box 0.9 0 0 10 6 box 0.8 0 0 10 10 disc 0.8 20 20 30 30", "box 0.7 5 5 15 15", "disc 0.6 0 0 8 8"],
     ((2 * (1 / 2 + 1 / 3) + 8 * (1 / 4 + 1 / 3)) / 10 + 1) / 2),
])
def test_hand_computed_map_over_iou_thresholds(comp, cells, expected):
    sub = pd.DataFrame({"id": ["a", "b", "c"], "PredictionString": cells})
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("y_max, share", [(5, 0.0), (6, 0.2), (7, 0.4), (8, 0.6), (9, 0.8), (10, 1.0)])
def test_one_box_scores_the_share_of_thresholds_its_iou_exceeds(comp, y_max, share):
    """One true box (0 0 10 10), one prediction of IoU y_max / 10: AP 1 at the thresholds below its IoU
    (strictly), 0 at the others."""
    answers = pd.DataFrame({"id": ["a"], "PredictionString": ["box 1 0 0 10 10"]})
    sub = answers.assign(PredictionString=f"box 0.5 0 0 10 {y_max}")
    assert comp.grader.grade(sub, answers).score == pytest.approx(share, abs=1e-9)


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
