"""Numbers checked by hand: v1's SEM (ddof=1), per-seed percentages, pass@k against brute force, percentile."""

import itertools
import math

import pytest

from mlebench.reports import RunResult, aggregate, pass_at_k, pass_at_k_curve, seed_metrics, seed_percentile

from .helpers import entry


def test_sem_uses_ddof_1_and_is_zero_for_one_seed():
    agg = aggregate([50.0, 100.0, 0.0])
    # mean 50; deviations 0, 50, -50 -> sample variance 5000/2 = 2500, sd 50, SEM 50/sqrt(3)
    assert agg.mean == pytest.approx(50.0)
    assert agg.sem == pytest.approx(50 / math.sqrt(3))
    assert agg.ci_lower == pytest.approx(50 - 1.96 * 50 / math.sqrt(3))
    assert agg.ci_upper == pytest.approx(50 + 1.96 * 50 / math.sqrt(3))
    one = aggregate([42.0])
    assert (one.mean, one.sem, one.ci_lower, one.ci_upper) == (42.0, 0.0, 42.0, 42.0)
    assert aggregate([10.0, 30.0]).sem == pytest.approx(10.0)  # two values: |a - b| / 2


def test_seed_metrics_are_v1_percentages():
    seed = [RunResult.from_dict(e) for e in (
        entry("a", medal="gold"), entry("b", medal="bronze", above=False), entry("c", valid=False, exists=True),
        entry("d", valid=False),
    )]
    m = seed_metrics(seed)
    assert m == {
        "submission_exists": 75.0, "valid_submission": 50.0, "above_median": 25.0, "gold_medal": 25.0,
        "silver_medal": 0.0, "bronze_medal": 25.0, "any_medal": 50.0,
    }


def test_any_medal_comes_from_the_three_medals_not_the_reports_field():
    r = RunResult.from_dict({**entry("a", medal="none"), "any_medal": True})
    assert seed_metrics([r])["any_medal"] == 0.0


def test_seed_percentile_counts_failures_as_zero_and_skips_missing_leaderboards():
    seed = [RunResult.from_dict(e) for e in (
        entry("a", pct=0.9), entry("b", pct=0.3), entry("c", valid=False), entry("d"),  # d: valid, no leaderboard
    )]
    assert seed_percentile(seed) == pytest.approx((90 + 30 + 0) / 3)
    assert seed_percentile([RunResult.from_dict(entry("d"))]) is None
    assert seed_percentile([RunResult.missing("x", 0)]) == 0.0


def brute_force_pass_at_k(outcomes: list[bool], k: int) -> float:
    subsets = list(itertools.combinations(range(len(outcomes)), k))
    return sum(any(outcomes[i] for i in s) for s in subsets) / len(subsets)


@pytest.mark.parametrize("n", range(1, 7))
def test_pass_at_k_matches_enumeration_of_all_k_subsets(n):
    for c in range(n + 1):
        outcomes = [True] * c + [False] * (n - c)
        for k in range(1, n + 1):
            assert pass_at_k(n, c, k) == pytest.approx(brute_force_pass_at_k(outcomes, k)), (n, c, k)


def test_pass_at_k_hand_values():
    assert pass_at_k(3, 1, 1) == pytest.approx(1 / 3)
    assert pass_at_k(3, 1, 2) == pytest.approx(2 / 3)  # 1 - C(2,2)/C(3,2)
    assert pass_at_k(4, 2, 2) == pytest.approx(5 / 6)  # 1 - C(2,2)/C(4,2) = 1 - 1/6
    assert pass_at_k(5, 0, 3) == 0.0 and pass_at_k(5, 5, 1) == 1.0
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)


def test_pass_at_k_curve_averages_competitions_and_matches_brute_force():
    medals = {"a": [True, False, False, True], "b": [False, False, False, False], "c": [True, True, True, False]}
    seeds = [[RunResult.from_dict(entry(c, medal="gold" if medals[c][s] else "none")) for c in medals] for s in range(4)]
    curve = pass_at_k_curve(seeds)
    assert list(curve) == [1, 2, 3, 4]
    for k, v in curve.items():
        expected = 100 * sum(brute_force_pass_at_k(o, k) for o in medals.values()) / 3
        assert v == pytest.approx(expected)
    assert curve[1] == pytest.approx(100 * (2 / 4 + 0 + 3 / 4) / 3)  # pass@1 is the mean medal rate
    assert curve[4] == pytest.approx(100 * 2 / 3)
