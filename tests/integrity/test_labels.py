"""The hand-typed-labels finder on small, exact cases."""

from __future__ import annotations

import pytest

from mlebench.integrity._files import TextFile
from mlebench.integrity.labels import RUN_LENGTH, Submission, find_literal_labels

IDS = [f"row{i:03d}" for i in range(40)]
VALUES = [f"0.{(i * 37) % 100:02d}" for i in range(40)]


def submission(values=VALUES, ids=IDS) -> Submission:
    return Submission.read_text("id,target\n" + "".join(f"{i},{v}\n" for i, v in zip(ids, values)))


def code(text: str) -> TextFile:
    return TextFile("code/x.py", "code", text, False)


@pytest.mark.parametrize("n", [RUN_LENGTH - 1, RUN_LENGTH, 40])
def test_a_run_of_values_is_found_from_the_threshold_on(n):
    literal = "preds = [" + ", ".join(VALUES[5 : 5 + n]) + "]\n"
    hits = find_literal_labels(submission(), [code("import numpy\n" + literal)])
    if n < RUN_LENGTH:
        assert hits == []
    else:
        (hit,) = hits
        assert hit.length == min(n, 35) and hit.file.line_of(hit.offset) == 2 and "column 'target'" in hit.kind


def test_numbers_are_compared_by_value():
    literal = ", ".join(f"{float(v):.4f}" if i % 2 else f"{float(v) * 10:g}e-1" for i, v in enumerate(VALUES))
    (hit,) = find_literal_labels(submission(), [code(f"p = [{literal}]")])
    assert hit.length == 40


def test_ids_paired_with_their_labels_are_found():
    pairs = ", ".join(f"'{i}': {v}" for i, v in list(zip(IDS, VALUES))[::-1][:25])  # any order
    (hit,) = find_literal_labels(submission(), [code("answers = {" + pairs + "}")])
    assert hit.length == 25 and "test ids" in hit.kind


def test_wrong_pairs_and_constant_runs_are_not_labels():
    wrong = ", ".join(f"'{i}': {VALUES[(k + 1) % 40]}" for k, i in enumerate(IDS))
    constant = submission(values=["0.5"] * 40)
    assert find_literal_labels(submission(), [code("answers = {" + wrong + "}")]) == []
    assert find_literal_labels(constant, [code("p = [" + ", ".join(["0.5"] * 40) + "]")]) == []


def test_a_submission_is_read_within_bounds():
    assert Submission.read_text("") is None and Submission.read_text("id\n1\n2\n") is None
    sub = Submission.read_text('id,a,b\n"x,1",1.0,cat\n2,1e0,dog,extra\n3,2,bird\n')
    assert sub.ids == ["x,1", 3.0] and sub.columns == {"a": [1.0, 2.0], "b": ["cat", "bird"]}  # a bad row is skipped
