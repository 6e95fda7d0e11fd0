"""imet-2020-fgvc7-v2: version 1's files; every predicted attribute that is wrong is a false positive."""

from pathlib import Path

import pytest

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "imet-2020-fgvc7", "checks")


def test_files_and_split_are_version_1s(comp, prepared):
    _v1.check_files_and_split(comp, prepared.raw_root / comp.id)


def test_unknown_attributes_count_as_false_positives(comp):
    answers, sub = _v1.hand_checked_case()
    assert comp.grader.grade(sub, answers).score == pytest.approx(8 / 11, abs=1e-5)
    # "999" and "01" are two more false positives: 8 / 13 (version 1 ignores them: 8 / 11)
    assert comp.grader.grade(sub.assign(attribute_ids=["5 999", None, "3 1", "1 2 01"]), answers).score == pytest.approx(8 / 13, abs=1e-5)
