"""smartphone-decimeter-2022-v2: version 1's files and grader, without the test span logs."""

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "smartphone-decimeter-2022", "checks")


def test_files_are_version_1s_without_the_test_span_logs(comp, prepared):
    _v1.check_files(comp, prepared)
    raw = prepared.raw_root / comp.id
    phones = list((comp.public_dir / "test").glob("*/*"))
    assert phones
    for phone in phones:
        assert (raw / "train" / phone.parent.name / phone.name / "supplemental" / "span_log.nmea").exists()
        kept = sorted(p.name for p in (phone / "supplemental").iterdir())
        original = sorted(p.name for p in (raw / "train" / phone.parent.name / phone.name / "supplemental").iterdir())
        assert kept == [n for n in original if n != "span_log.nmea"]
    assert list((comp.public_dir / "train").rglob("span_log.nmea"))  # training drives keep theirs


def test_hand_checked_scores(comp):
    _v1.check_hand_scores(comp)
