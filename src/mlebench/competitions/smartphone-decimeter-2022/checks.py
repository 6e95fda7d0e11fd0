"""smartphone-decimeter-2022: v1's split by date, files, and the per-trip p50/p95 haversine score."""

import math

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import load_competition_module


def check_files(comp, prepared) -> pd.DataFrame:
    """Checks shared with -v2; returns the answers."""
    raw = prepared.raw_root / comp.id
    assert sorted(p.name for p in comp.public_dir.iterdir()) == ["description.md", "metadata", "sample_submission.csv", "test", "train"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    prep = load_competition_module(comp.folder.parent / "smartphone-decimeter-2022", "prepare")
    drives = sorted(p.name for p in (raw / "train").iterdir())
    train = sorted(p.name for p in (comp.public_dir / "train").iterdir())
    test = sorted(p.name for p in (comp.public_dir / "test").iterdir())
    assert sorted(train + test) == drives and not set(train) & set(test)
    dates = {prep.drive_date(d) for d in drives}
    test_dates = {prep.drive_date(d) for d in test}
    assert len(test_dates) == math.ceil(0.1 * len(dates)) and not test_dates & {prep.drive_date(d) for d in train}
    assert not list((comp.public_dir / "test").rglob("ground_truth.csv"))
    assert len(list((comp.public_dir / "train").rglob("ground_truth.csv"))) == len(list((comp.public_dir / "train").glob("*/*")))
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]
    phones = sorted(f"{p.parent.name}-{p.name}" for p in (comp.public_dir / "test").glob("*/*"))
    assert list(dict.fromkeys(answers["tripId"])) == phones
    for trip in phones:
        drive, phone = trip.rsplit("-", 1)
        truth = pd.read_csv(raw / "train" / drive / phone / "ground_truth.csv")
        got = answers[answers["tripId"] == trip]
        assert np.array_equal(got["UnixTimeMillis"], truth["UnixTimeMillis"])
        assert np.allclose(got["LatitudeDegrees"], truth["LatitudeDegrees"], rtol=0, atol=1e-12)
        assert (comp.public_dir / "test" / drive / phone / "device_gnss.csv").read_bytes() == \
            (raw / "train" / drive / phone / "device_gnss.csv").read_bytes()
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert sample[["tripId", "UnixTimeMillis"]].equals(answers[["tripId", "UnixTimeMillis"]])
    assert (sample["LatitudeDegrees"] == 37.904611315634504).all() and (sample["LongitudeDegrees"] == -86.48107806249548).all()
    assert sorted(p.name for p in (comp.public_dir / "metadata").iterdir()) == sorted(p.name for p in (raw / "metadata").iterdir())
    return answers


def test_prepared_files_are_v1s_with_the_span_logs(comp, prepared):
    check_files(comp, prepared)
    phones = list((comp.public_dir / "test").glob("*/*"))
    assert phones and all((p / "supplemental" / "span_log.nmea").exists() for p in phones)  # v1's leak, kept


def answers_4() -> pd.DataFrame:
    return pd.DataFrame({"tripId": ["a", "a", "a", "b"], "UnixTimeMillis": [1000, 2000, 3000, 1000],
                         "LatitudeDegrees": [0.0, 0.0, 0.0, 10.0], "LongitudeDegrees": [0.0, 0.0, 0.0, 20.0]})


def check_hand_scores(comp) -> None:
    # 0.001 degree of longitude on the equator = 6371000 * pi / 180 * 0.001 = 111.19493 m
    unit = 6_371_000 * math.pi / 180 * 0.001
    sub = pd.DataFrame({"tripId": ["b", "a", "a", "a"], "UnixTimeMillis": [1000, 3000, 1000, 2000],
                        "LatitudeDegrees": [10.0, 0.0, 0.0, 0.0], "LongitudeDegrees": [20.0, 0.002, 0.0, 0.001]})
    # trip a: errors 0, 1, 2 units -> p50 = 1, p95 = 1.9 (linear) -> 1.45 units; trip b: 0 -> mean 0.725 units
    assert comp.grader.grade(sub, answers_4()).score == pytest.approx(0.725 * unit, abs=1e-4)
    # timestamps are matched: the same rows with a's epochs relabelled are a different submission
    wrong = sub.assign(UnixTimeMillis=[1000, 3000, 1000, 2500])
    result = comp.grader.grade(wrong, answers_4())
    assert result.score is None and "2000" in result.invalid_reason
    inf = sub.assign(LatitudeDegrees=[10.0, 0.0, np.inf, 0.0])
    assert comp.grader.grade(inf, answers_4()).score is None


def test_hand_checked_scores(comp):
    check_hand_scores(comp)
