"""v1's recipe: Kaggle's training drives are split by date, 90/10
(``train_test_split(test_size=0.1, random_state=0)`` on the sorted ``YYYY-MM-DD`` dates of the
drive folders' names).

Public: ``train/<drive_id>/`` (the training drives, as they are), ``test/<drive_id>/`` (the test
drives without their ``ground_truth.csv``), ``metadata/`` and ``sample_submission.csv`` (the test
epochs with every position set to 37.904611315634504, -86.48107806249548). Private: ``test.csv``
(``tripId, UnixTimeMillis, LatitudeDegrees, LongitudeDegrees`` from each test phone's
``ground_truth.csv``, ``tripId = <drive_id>-<phone>``, phones in path order).

Version 1 keeps v1's leak: each test phone's ``supplemental/span_log.nmea`` (the reference
receiver's log, from which the ground truth is interpolated) stays public; -v2 removes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 0
SAMPLE_POSITION = (37.904611315634504, -86.48107806249548)
COLUMNS = ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]


def drive_date(drive_id: str) -> str:
    """``YYYY-MM-DD`` of a drive folder named ``YYYY-MM-DD-<anything>`` (month and day zero-padded)."""
    parts = drive_id.split("-")
    if len(parts) < 3 or not all(p.isdigit() for p in parts[:3]):
        raise ValueError(f"drive folder '{drive_id}' does not start with a YYYY-MM-DD date")
    year, month, day = parts[:3]
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


def prepare(raw: Path, public: Path, private: Path) -> None:
    drives = sorted(p.name for p in (raw / "train").iterdir() if p.is_dir())
    dates = sorted({drive_date(d) for d in drives})
    train_dates, test_dates = train_test_split(dates, test_size=TEST_SIZE, random_state=SEED)
    train_drives = [d for d in drives if drive_date(d) in set(train_dates)]
    test_drives = [d for d in drives if drive_date(d) in set(test_dates)]
    assert train_drives and test_drives and len(train_drives) + len(test_drives) == len(drives)

    for split, chosen in (("train", train_drives), ("test", test_drives)):
        for drive in chosen:
            shutil.copytree(raw / "train" / drive, public / split / drive)

    frames = []
    for path in sorted((public / "test").rglob("ground_truth.csv")):
        truth = pd.read_csv(path)
        truth["tripId"] = f"{path.parent.parent.name}-{path.parent.name}"
        frames.append(truth[COLUMNS])
        path.unlink()
    answers = pd.concat(frames, ignore_index=True)
    answers.to_csv(private / "test.csv", index=False)

    shutil.copytree(raw / "metadata", public / "metadata")

    sample = answers.copy()
    sample["LatitudeDegrees"], sample["LongitudeDegrees"] = SAMPLE_POSITION
    sample.to_csv(public / "sample_submission.csv", index=False)

    assert {t.rsplit("-", 1)[0] for t in answers["tripId"]} == set(test_drives)
    assert not list((public / "test").rglob("ground_truth.csv"))
