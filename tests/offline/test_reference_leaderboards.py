"""Rebuilding every offline competition's reference leaderboard reproduces the committed file."""

from __future__ import annotations

import pandas as pd
import pytest

from mlebench.offline.reference import MIN_SOLUTIONS, _roundtrip, build, offline_ids

OFFLINE = offline_ids()


def test_the_suite_has_its_twelve_competitions():
    assert len(OFFLINE) >= 12


@pytest.mark.parametrize("cid", OFFLINE)
def test_rebuilt_leaderboard_matches_the_committed_one(prepared, cid):
    comp = prepared.get(cid)
    committed = pd.read_csv(comp.folder / "leaderboard.csv")
    rebuilt = pd.read_csv(_roundtrip(build(comp)))
    assert len(rebuilt) >= MIN_SOLUTIONS
    pd.testing.assert_frame_equal(rebuilt, committed)
    provenance = (comp.folder / "LEADERBOARD.md").read_text()
    assert "reference solutions" in provenance and "not human teams" in provenance
