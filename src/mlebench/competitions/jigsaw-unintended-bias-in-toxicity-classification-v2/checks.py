"""jigsaw-unintended-bias-in-toxicity-classification-v2: version 1's files, Kaggle's (unthresholded) score."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import load_competition_module

V1 = Path(__file__).resolve().parent.parent / "jigsaw-unintended-bias-in-toxicity-classification"
_v1_checks = load_competition_module(V1, "checks")
IDENTITIES = _v1_checks.IDENTITIES


def test_prepared_files_are_version_1s(comp, prepared):
    _v1_checks.test_prepared_files_are_v1s(comp, prepared)


def _answers():
    df = pd.DataFrame({"id": [1, 2, 3, 4], "toxicity": [0.8, 0.1, 0.6, 0.0]})
    for c in IDENTITIES:
        df[c] = [1.0, 0.75, 0.0, np.nan]
    return df


def test_hand_checked_score_ranks_raw_predictions(comp):
    sub = pd.DataFrame({"id": [4, 3, 2, 1], "prediction": [0.4, 0.3, 0.2, 0.9]})
    # rows (toxic, in group, pred): (1,1,.9) (0,1,.2) (1,0,.3) (0,0,.4). overall: (.9>.2)(.9>.4)(.3>.2)
    # but not (.3>.4) -> 3/4; subgroup 1; BPSN {.2 vs .3} 1; BNSP {.9 vs .4} 1 -> .25 * (.75 + 3)
    assert comp.grader.grade(sub, _answers()).score == pytest.approx(0.9375, abs=1e-5)


def test_differs_from_v1_only_in_thresholding(comp):
    from mlebench.registry import registry

    sub = pd.DataFrame({"id": [1, 2, 3, 4], "prediction": [0.9, 0.2, 0.3, 0.4]})
    v1 = registry.get_competition("jigsaw-unintended-bias-in-toxicity-classification").grader
    assert v1.grade(sub, _answers()).score == pytest.approx(0.8125, abs=1e-5)  # v1 on [1, 0, 0, 0]
    binary = sub.assign(prediction=(sub["prediction"] >= 0.5).astype(float))
    assert comp.grader.grade(binary, _answers()).score == pytest.approx(0.8125, abs=1e-5)
