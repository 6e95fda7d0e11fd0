"""tensorflow2-question-answering-v2: Kaggle's F1 (true negatives do not count)."""

import pandas as pd
import pytest

from mlebench.registry import load_competition_module

_v1_checks = load_competition_module(
    __import__("pathlib").Path(__file__).resolve().parent.parent / "tensorflow2-question-answering", "checks")


def test_hand_checked_score(comp):
    sub = pd.DataFrame({
        "example_id": ["1_long", "1_short", "2_long", "2_short", "3_long", "3_short"],
        "PredictionString": ["5:20", "11:12", None, "4:5", "30:41", None],
    })
    # TP 2 (1_long, 1_short), FP 2 (2_short, 3_long), FN 1 (3_short); 2_long is a true negative
    # -> 2*2 / (2*2 + 2 + 1) = 4/7 (version 1: 3/6)
    assert comp.grader.grade(sub, _v1_checks._answers()).score == pytest.approx(4 / 7, abs=1e-5)
    blank = sub.assign(PredictionString=None)
    assert comp.grader.grade(blank, _v1_checks._answers()).score == 0.0


def test_malformed_predictions_are_invalid(comp):
    _v1_checks.test_malformed_predictions_are_invalid(comp, "a:b")
