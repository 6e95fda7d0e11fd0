"""plant-pathology-2021-fgvc8-v2: every predicted label that is wrong is a false positive."""

import pandas as pd
import pytest


def test_unknown_labels_count_as_false_positives(comp):
    answers = pd.DataFrame({"image": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"],
                            "labels": ["healthy", "scab frog_eye_leaf_spot", "rust", "complex"]})
    sub = pd.DataFrame({"image": ["d.jpg", "c.jpg", "b.jpg", "a.jpg"],
                        "labels": ["complex", None, "scab rust", "healthy"]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(6 / 9, abs=1e-5)
    # "mildew" and "Healthy" are two more false positives: 6 / 11 (version 1 ignores them: 6 / 9)
    assert comp.grader.grade(sub.assign(labels=["complex mildew", None, "scab rust", "healthy Healthy"]),
                             answers).score == pytest.approx(6 / 11, abs=1e-5)
