"""Version 1's files without the public reference logs (fixes v1 issue #93).

Each test phone's ``supplemental/span_log.nmea`` — the NovAtel SPAN receiver's log from which
``ground_truth.csv`` is interpolated — is removed from ``public/test/``; the training drives keep
theirs (their ground truth is public anyway). Split, answers and sample are version 1's.
"""

from __future__ import annotations

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "smartphone-decimeter-2022", "prepare")


def prepare(raw: Path, public: Path, private: Path) -> None:
    _v1.prepare(raw, public, private)
    for log in sorted((public / "test").rglob("span_log.nmea")):
        log.unlink()
    assert not list((public / "test").rglob("span_log.nmea"))
