"""Seed building as v1's aggregation script does it (positional pairing, complete seeds, padding)."""

from mlebench.reports import RunResult, build_seeds

from .helpers import entry


def runs(*specs):
    return [RunResult.from_dict(entry(cid, medal=m, seed=s)) for cid, m, s in specs]


def test_positional_pairs_the_ith_run_of_every_competition():
    rs = runs(("a", "gold", None), ("b", "none", None), ("a", "none", None), ("b", "silver", None), ("a", "bronze", None))
    built = build_seeds(rs, ["a", "b"])
    assert built.ok and built.labels == [0, 1]
    assert [[r.medal for r in s] for s in built.seeds] == [["gold", "none"], ["none", "silver"]]  # a's 3rd run is unused
    assert built.padded_runs == 0


def test_runs_of_other_competitions_are_ignored_and_split_order_kept():
    rs = runs(("z", "gold", None), ("b", "silver", None), ("a", "gold", None))
    built = build_seeds(rs, ["a", "b"])
    assert [[r.competition_id for r in s] for s in built.seeds] == [["a", "b"]]


def test_a_competition_without_runs_is_an_error_unless_padding():
    rs = runs(("a", "gold", None), ("a", "none", None))
    built = build_seeds(rs, ["a", "b"])
    assert not built.ok and "no runs for 1 of 2 competitions (b)" in built.error and "--pad-missing" in built.error
    padded = build_seeds(rs, ["a", "b"], pad_missing=True)
    assert padded.ok and len(padded.seeds) == 2 and padded.padded_runs == 2
    zero = padded.seeds[1][1]
    assert zero.padded and not zero.submission_exists and not zero.valid_submission and not zero.any_medal


def test_padding_uses_the_largest_run_count():
    rs = runs(("a", "gold", None), ("a", "none", None), ("a", "none", None), ("b", "gold", None))
    assert len(build_seeds(rs, ["a", "b"]).seeds) == 1
    padded = build_seeds(rs, ["a", "b"], pad_missing=True)
    assert len(padded.seeds) == 3 and padded.padded_runs == 2
    assert [s[1].padded for s in padded.seeds] == [False, True, True]


def test_requested_seeds_take_the_first_and_more_than_available_is_an_error():
    rs = runs(("a", "gold", None), ("a", "none", None), ("a", "bronze", None))
    first2 = build_seeds(rs, ["a"], requested=2)
    assert [s[0].medal for s in first2.seeds] == ["gold", "none"]
    too_many = build_seeds(rs, ["a"], requested=4)
    assert not too_many.ok and too_many.error == "requested 4 seeds, but only 3 complete seeds are available"
    assert not build_seeds(rs, ["a"], requested=4, pad_missing=True).ok
    assert not build_seeds(rs, ["a"], requested=0).ok


def test_no_runs_at_all_is_an_error_even_with_padding():
    assert not build_seeds([], ["a"], pad_missing=True).ok
    assert not build_seeds(runs(("a", "gold", None)), []).ok


def test_seed_field_pairs_by_seed_number():
    rs = runs(("a", "gold", 2), ("a", "none", 0), ("a", "bronze", 1), ("b", "silver", 2), ("b", "none", 0))
    built = build_seeds(rs, ["a", "b"], by_seed_field=True)
    assert built.labels == [0, 2]  # seed 1 lacks b: incomplete
    assert [[r.medal for r in s] for s in built.seeds] == [["none", "none"], ["gold", "silver"]]
    padded = build_seeds(rs, ["a", "b"], by_seed_field=True, pad_missing=True)
    assert padded.labels == [0, 1, 2] and padded.padded_runs == 1 and padded.seeds[1][1].padded
    assert build_seeds(rs, ["a", "b"], by_seed_field=True, requested=1).labels == [0]
    assert not build_seeds(rs, ["a", "b"], by_seed_field=True, requested=3).ok


def test_seed_field_without_any_complete_seed():
    rs = runs(("a", "gold", 0), ("b", "gold", 1))
    built = build_seeds(rs, ["a", "b"], by_seed_field=True)
    assert not built.ok and "no complete seed" in built.error
