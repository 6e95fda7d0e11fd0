"""tgs-salt-identification-challenge-v2: an empty prediction on an image with salt scores 0."""

import pandas as pd
import pytest


def test_empty_prediction_on_salt_scores_zero(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c", "d"], "rle_mask": ["1 10201", None, None, "1 101 102 101"]})
    sub = pd.DataFrame({"id": ["d", "c", "b", "a"], "rle_mask": ["1 202", "7 1", None, "1 5101"]})
    assert comp.grader.grade(sub, answers).score == pytest.approx((0.1 + 1 + 0 + 1) / 4, abs=1e-5)
    empty = sub.assign(rle_mask=[None, "7 1", None, None])
    assert comp.grader.grade(empty, answers).score == pytest.approx((0 + 1 + 0 + 0) / 4, abs=1e-5)  # v1: 2/4
