"""hubmap-kidney-segmentation-v2: version 1's files without the test polygons; the same grading."""

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "hubmap-kidney-segmentation", "checks")


def test_files_are_version_1s_without_test_polygons(comp, prepared):
    _v1.check_files_and_split(comp, prepared.raw_root / comp.id, test_polygons=False)


def test_hand_checked_score(comp):
    _v1.check_hand_checked_score(comp)
