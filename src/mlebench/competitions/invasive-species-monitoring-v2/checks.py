"""invasive-species-monitoring-v2: version 1's files, but the 7z archives hold the pictures."""

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "invasive-species-monitoring", "checks")


def test_files_split_and_sample_follow_v1(comp, prepared):
    _v1.check_common_files(comp, prepared)


def test_7z_archives_hold_the_pictures(comp, prepared):
    raw = _v1.seven_zip(prepared.raw_root / _v1.CID / "train.7z")
    train, answers = _v1.check_common_files(comp, prepared)
    for part, rows in (("train", train), ("test", answers)):
        members = _v1.seven_zip(comp.public_dir / f"{part}.7z")
        names = sorted(rows["name"])
        assert list(members) == [part, *(f"{part}/{n}.jpg" for n in names)] and members[part] is None
        for n in names:
            assert members[f"{part}/{n}.jpg"] == raw[f"train/{n}.jpg"]  # Kaggle's labelled picture, byte for byte


def test_extracted_download_prepares_the_same_bytes(comp, prepared, tmp_path):
    _v1.check_extracted_download_prepares_the_same_bytes(comp, prepared, tmp_path)


def test_hand_computed_score(comp):
    _v1.check_hand_computed_score(comp)
