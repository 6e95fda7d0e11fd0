"""Fuzz findings kept as fixed cases: the mutations that once broke a competition, run on both bases
over several seeds, and the classification metrics' label guard that fixed them, value by value."""

from __future__ import annotations

import random

import numpy as np
import pytest

from mlebench.grading import metrics as m
from mlebench.grading import InvalidSubmissionError
from tests.fuzz._harness import check_case
from tests.fuzz._mutations import ANY, MUTATIONS

pytestmark = pytest.mark.fuzz

# competition -> mutations that once gave an internal grader error or a wrong verdict there
FOUND = {
    "iwildcam-2019-fgvc6": ["value_huge", "value_negative"],  # scikit-learn's "mix of binary and continuous"
    "herbarium-2020-fgvc7": ["value_negative"],
    "herbarium-2021-fgvc8": ["value_negative"],
    "herbarium-2022-fgvc9": ["value_negative"],
    # hotel_id is a space-separated list of guesses: a token "true" is a wrong guess, not a number
    "hotel-id-2021-fgvc8": ["value_boolean"],
}
LABEL_MUTATIONS = ["value_huge", "value_huge_number", "value_negative", "value_boolean", "value_text",
                   "value_hex", "value_missing", "value_column_all_boolean"]


@pytest.mark.parametrize("cid", sorted(FOUND))
def test_found_mutations_on_both_bases(fuzz_targets, tmp_path, cid):
    target = fuzz_targets.get(cid)
    for name in dict.fromkeys([*FOUND[cid], *LABEL_MUTATIONS]):
        for base in target.bases:
            for seed in range(8):
                data, expect = MUTATIONS[name](base, random.Random(seed))
                check_case(target, base, f"{name} seed={seed}", data, expect, tmp_path / "submission.csv")


def test_a_token_in_a_space_separated_column_is_any_text(fuzz_targets):
    """The fuzz treats hotel_id as text (the sample holds lists), so value_boolean there expects ANY."""
    target = fuzz_targets.get("hotel-id-2021-fgvc8")
    for base in target.bases:
        assert not base.numeric_targets
        assert MUTATIONS["value_boolean"](base, random.Random(0))[1] == ANY


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: m.f1_score([0.0, 1, 2], [0.0, -0.5, 2], average="macro"), "-0.5"),
        (lambda: m.f1_score([0.0, 1, 2], [0.0, -1e-300, 2], average="macro"), "-1e-300"),
        (lambda: m.f1_score([0.0, 1, 2], [0.0, 1e308, 2], average="macro"), "1e+308"),
        (lambda: m.f1_score([0.0, 1, 2], [0.0, 1.2345678901234568e29, 2], average="macro"), "1.2345678901234568e+29"),
        (lambda: m.f1_score([0.0, 1, 2], [0.0, 3.5, 2], average="micro"), "3.5"),
        (lambda: m.f1_score([0.0, 1, 2], [0.0, np.nan, 2], average="macro"), "nan"),
        (lambda: m.f1_score([0, 1, 2], np.array([0, "1", 2], dtype=object), average="macro"), "'1'"),
        (lambda: m.f1_score(["a", "b"], np.array(["a", 7], dtype=object), average="macro"), "7"),
        (lambda: m.f1_score([0, 1, 1], [0, 1, 2]), "2"),  # binary F1: only the two classes
        (lambda: m.f1_score([0, 1, 1], [0, 1, -1]), "-1"),
        (lambda: m.quadratic_weighted_kappa_score([0, 1, 2], [0, 1.5, 2]), "1.5"),
        (lambda: m.quadratic_weighted_kappa_score([0, 1, 2], np.array([0, "x\ny", 2], dtype=object)), r"'x\ny'"),
        (lambda: m.matthews_correlation_score([0, 1, 1], np.array([True, False, True], dtype=object)), "True"),
    ],
)
def test_classification_metrics_name_values_that_are_not_labels(call, shown):
    with pytest.raises(InvalidSubmissionError, match="must be") as info:
        call()
    assert shown in str(info.value) and "\n" not in str(info.value)


def test_a_wrong_label_of_the_right_kind_is_a_wrong_guess():
    # class -1 or 7 is not in the answers: counted wrong (macro F1 over classes 0, 1, 2, -1, 7)
    assert m.f1_score([0, 1, 2], [0, -1, 7], average="macro") == pytest.approx(1 / 5)
    assert m.f1_score([0.0, 1, 2], [0.0, 1, 2], average="macro") == 1.0
    assert m.f1_score(["a", "b"], ["a", "zz"], average="micro") == 0.5
    assert m.matthews_correlation_score([0, 1, 1], [0, 2, 1]) == pytest.approx(0.6123724356957946)
    assert m.quadratic_weighted_kappa_score([0, 1, 2], [0.0, 1.0, 2.0]) == 1.0
