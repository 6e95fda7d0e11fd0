"""Rebuilding every offline competition's reference leaderboard reproduces the committed one.

"Reproduces" is ``reference.compare``: the same solutions, every score within numeric noise
(``reference.tolerance``) of the committed one, and clearly separated solutions in the same order.
The boards are built under the locked environment (requirements/harness.lock), as CI installs it.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest

from mlebench.offline import reference
from mlebench.offline.reference import (MIN_SOLUTIONS, SAMPLE_MORE, SAMPLE_SECONDS, SAMPLE_TOP, _roundtrip, build,
                                        compare, offline_ids, recorded_seconds, sample, tolerance)
from mlebench.registry import registry

OFFLINE = offline_ids()
# The boards' samples are rebuilt side by side in this many processes (one BLAS thread each; pytest
# itself runs on one core): CI's two cores by default, MLEBENCH_SAMPLE_WORKERS=1 on a shared machine.
WORKERS = int(os.environ.get("MLEBENCH_SAMPLE_WORKERS", min(2, len(os.sched_getaffinity(0)))))


def board(*rows: tuple[str, float], lower_is_better: bool = False) -> pd.DataFrame:
    """A leaderboard as the builder writes it (best first, teamId = rank)."""
    ordered = sorted(rows, key=lambda r: (r[1] if lower_is_better else -r[1], r[0]))
    return pd.DataFrame({"teamId": range(1, len(rows) + 1), "teamName": [r[0] for r in ordered],
                         "score": [r[1] for r in ordered]})


def test_the_suite_has_its_twenty_one_competitions():
    assert len(OFFLINE) >= 21 and set(OFFLINE) >= {"offline-qa-spans", "offline-object-detection"}


@pytest.mark.parametrize("cid", OFFLINE)
def test_the_committed_board_is_the_whole_panel(cid):
    """Every reference solution is on the committed board, and nothing else; at least MIN_SOLUTIONS."""
    comp = registry.get_competition(cid)
    committed = pd.read_csv(comp.folder / "leaderboard.csv")
    # the committed file is a board as the builder writes it: ranks 1..n, best first
    assert list(committed["teamId"]) == list(range(1, len(committed) + 1))
    scores = list(committed["score"])
    assert scores == sorted(scores, reverse=not comp.is_lower_better)
    assert len(committed) >= MIN_SOLUTIONS
    assert sorted(committed["teamName"]) == sorted(n for n, _ in reference.panel(comp))
    provenance = (comp.folder / "LEADERBOARD.md").read_text()
    assert "reference solutions" in provenance and "not human teams" in provenance


@pytest.fixture(scope="module")
def rebuilt(prepared, request) -> dict:
    """{competition id: future of ``reference.rebuild_sample``} for the boards this session tests,
    submitted slowest first (by their recorded build seconds) to ``WORKERS`` processes: on two cores
    the boards take about half as long as one after another (never less than the slowest one)."""
    wanted = [item.callspec.params["cid"] for item in request.session.items
              if item.originalname == "test_rebuilt_sample_of_the_leaderboard_matches_the_committed_one"]
    comps = {cid: prepared.get(cid) for cid in wanted}

    def cost(cid: str) -> float:  # a board without recorded seconds: unknown, so first
        if (seconds := recorded_seconds(comps[cid])) is None:
            return math.inf
        return sum(seconds.get(n, 0.0) for n in sample(pd.read_csv(comps[cid].folder / "leaderboard.csv"), seconds=seconds))

    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield {cid: pool.submit(reference.rebuild_sample, comps[cid].data_dir, cid)
               for cid in sorted(wanted, key=cost, reverse=True)}


@pytest.mark.parametrize("cid", OFFLINE)
def test_rebuilt_sample_of_the_leaderboard_matches_the_committed_one(prepared, rebuilt, cid):
    """CI rebuilds a deterministic sample of each board (its best and a stable-hash choice of the
    rest within a time limit, see ``reference.sample``); ``python -m mlebench.offline.reference --check``
    rebuilds all."""
    comp = prepared.get(cid)
    committed = pd.read_csv(comp.folder / "leaderboard.csv")
    chosen, rebuilt_board = rebuilt[cid].result()
    assert chosen == sample(committed, seconds=recorded_seconds(comp))
    assert len(chosen) == SAMPLE_TOP + SAMPLE_MORE and chosen[:SAMPLE_TOP] == list(committed["teamName"][:SAMPLE_TOP])
    part = committed[committed["teamName"].isin(chosen)]
    assert compare(part, rebuilt_board, lower_is_better=comp.is_lower_better) == []

    # a real change of one solution's score is caught on this very board: the smallest change seen
    # when only library versions moved (offline-multilabel's hgb-svd, 0.91421 -> 0.91409) is 12 units
    changed = rebuilt_board.copy()
    changed.loc[len(changed) // 2, "score"] += 12e-5
    assert any("committed" in p for p in compare(part, changed, lower_is_better=comp.is_lower_better))


@pytest.mark.parametrize("cid", OFFLINE)
def test_a_recorded_board_is_sampled_within_the_limit(cid):
    """Where a board records its build seconds, they cover what its sample needs (its best entries
    and every entry the walk reaches) and each of the others chosen is within the limit."""
    comp = registry.get_competition(cid)
    seconds = recorded_seconds(comp)
    if seconds is None:
        return  # sampled by the hash alone
    committed = pd.read_csv(comp.folder / "leaderboard.csv")
    assert set(committed["teamName"][:SAMPLE_TOP]) <= set(seconds) <= set(committed["teamName"])
    chosen = sample(committed, seconds=seconds)
    assert len(chosen) == SAMPLE_TOP + SAMPLE_MORE and max(seconds[n] for n in chosen[SAMPLE_TOP:]) <= SAMPLE_SECONDS


def test_the_sample_is_the_top_and_a_stable_hash_choice_of_the_rest():
    names = [f"s{i:03d}" for i in range(120)]
    committed = board(*((n, 1.0 - i / 1000) for i, n in enumerate(names)))
    chosen = sample(committed)
    size = SAMPLE_TOP + SAMPLE_MORE
    assert chosen[:SAMPLE_TOP] == names[:SAMPLE_TOP] and len(chosen) == size and len(set(chosen)) == size
    assert chosen == sorted(chosen, key=names.index)  # best first
    # stable: the same names chosen whatever the other rows' order and scores
    top = SAMPLE_TOP
    reordered = board(*((n, 1.0 - i / 1000) for i, n in enumerate(names[:top] + names[top:][::-1])))
    assert set(sample(reordered)) == set(chosen)


def test_the_limit_skips_slow_entries_and_keeps_the_top_whatever_it_costs():
    names = [f"s{i:03d}" for i in range(120)]
    committed = board(*((n, 1.0 - i / 1000) for i, n in enumerate(names)))
    walk = sorted(names[SAMPLE_TOP:], key=lambda n: hashlib.sha256(n.encode()).hexdigest())  # the stable order
    # the top is the slowest entry; of the five the hash alone would choose, the 2nd and 4th are over the limit
    slow = [walk[1], walk[3]]
    seconds = {n: SAMPLE_SECONDS for n in names} | {names[0]: 1000.0} | {n: SAMPLE_SECONDS + 0.1 for n in slow}
    assert set(sample(committed)[SAMPLE_TOP:]) == set(walk[:SAMPLE_MORE])
    chosen = sample(committed, seconds=seconds)
    assert chosen[:SAMPLE_TOP] == names[:SAMPLE_TOP] and len(chosen) == SAMPLE_TOP + SAMPLE_MORE
    assert chosen == sorted(chosen, key=names.index)  # best first
    # the slow ones are skipped for the next ones in the same order
    assert set(chosen[SAMPLE_TOP:]) == set(walk[:SAMPLE_MORE + 2]) - set(slow)
    assert max(seconds[n] for n in chosen[SAMPLE_TOP:]) <= SAMPLE_SECONDS
    # stable: other row orders and scores, other costs of the entries the walk never reaches
    top = names[0]
    shuffled = board(*((n, 0.5 + int(hashlib.sha256(n.encode()).hexdigest()[:4], 16) / 1e6) for n in names[1:]),
                     (top, 2.0))
    unreached = {n: 99.0 for n in walk[SAMPLE_MORE + 2:]}
    assert set(sample(shuffled, seconds=seconds | unreached)) == set(chosen)
    # an entry the walk reaches without recorded seconds is an error that says how to measure it
    with pytest.raises(ValueError, match=f"{walk[2]}: no build seconds recorded"):
        sample(committed, seconds={n: c for n, c in seconds.items() if n != walk[2]})


def test_a_changed_solution_fails_the_check(prepared, monkeypatch):
    """End to end: one reference solution changed a little (8 days of popularity instead of 7)."""
    comp = prepared.get("offline-ranking")
    committed = pd.read_csv(comp.folder / "leaderboard.csv")
    resolve = reference.resolve_fn
    popular = resolve(comp.folder, "reference.py:popular", comp.id)

    def changed(folder, spec, cid):
        found = resolve(folder, spec, cid)
        if spec != "reference.py:solutions":
            return found
        return lambda: [(n, popular(days=8) if n == "popular-last-7-days" else fn) for n, fn in found()]

    monkeypatch.setattr(reference, "resolve_fn", changed)
    part = committed[committed["teamName"] == "popular-last-7-days"]
    rebuilt = pd.read_csv(_roundtrip(build(comp, only=["popular-last-7-days"])))
    problems = compare(part, rebuilt, lower_is_better=comp.is_lower_better)
    assert problems and all("popular-last-7-days" in p for p in problems), problems


def test_the_tolerance_is_five_units_of_the_last_digit_or_of_the_sixth_significant_one():
    assert tolerance(0.0) == tolerance(0.9) == tolerance(-1.0) == tolerance(9.5) == 5e-5
    assert tolerance(20.0) == pytest.approx(1e-4) and tolerance(-300.0) == pytest.approx(1.5e-3)
    # the smallest changes seen when only library versions moved are caught
    for old, new in ((0.74852, 0.74859), (9.18351, 9.18357)):
        assert abs(new - old) > tolerance(old)


def test_noise_within_the_tolerance_and_near_ties_swapping_match():
    committed = board(("a", 0.90000), ("b", 0.89998), ("c", 0.85000), ("d", 0.50000))
    rebuilt = board(("a", 0.89997), ("b", 0.90001), ("c", 0.85004), ("d", 0.49996))  # a, b: a near tie
    assert compare(committed, rebuilt, lower_is_better=False) == []


def test_a_score_outside_the_tolerance_is_reported():
    committed = board(("a", 0.9), ("b", 0.8), ("c", 0.7))
    rebuilt = board(("a", 0.9), ("b", 0.80006), ("c", 0.7))
    assert compare(committed, rebuilt, lower_is_better=False) == [
        "b: score 0.80006, committed 0.80000 (allowed ±0.00005)"]


def test_clearly_separated_solutions_must_keep_their_order():
    # 6 units apart: separated; each moves by 4 units (within tolerance) and they swap
    committed = board(("a", 0.50006), ("b", 0.50000), ("c", 0.1))
    rebuilt = board(("a", 0.50002), ("b", 0.50004), ("c", 0.1))
    problems = compare(committed, rebuilt, lower_is_better=False)
    assert problems == ["order changed: a (0.50002) now ranks below b (0.50004); committed 0.50006 above 0.50000"]
    # lower is better: the same boards the other way round
    committed = board(("a", 0.50000), ("b", 0.50006), lower_is_better=True)
    rebuilt = board(("a", 0.50004), ("b", 0.50002), lower_is_better=True)
    assert compare(committed, rebuilt, lower_is_better=True)[0].startswith("order changed: a")


def test_large_scores_get_a_relative_tolerance():
    committed = board(("a", 1.09861), ("b", 40.0), lower_is_better=True)
    ok = board(("a", 1.09866), ("b", 40.00019), lower_is_better=True)
    assert compare(committed, ok, lower_is_better=True) == []
    bad = board(("a", 1.09861), ("b", 40.00021), lower_is_better=True)
    assert compare(committed, bad, lower_is_better=True) == ["b: score 40.00021, committed 40.00000 (allowed ±0.00020)"]


def test_missing_and_added_solutions_are_reported():
    committed = board(("a", 0.9), ("b", 0.8))
    rebuilt = board(("a", 0.9), ("c", 0.8))
    assert compare(committed, rebuilt, lower_is_better=False) == [
        "solutions missing from the rebuilt board: b", "solutions not in the committed board: c"]
