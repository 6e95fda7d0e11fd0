"""Hand-computed cases for the shared run-length (grading/rle.py) and detection (grading/detection.py) helpers."""

from __future__ import annotations

import numpy as np
import pytest

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.detection import all_numbers, position_in_group, split_detections
from mlebench.grading.rle import parse_runs, runs_to_mask


def test_parse_runs_gives_zero_based_half_open_runs():
    starts, ends = parse_runs("1 2 5 3", 10, "row 1")
    assert starts.tolist() == [0, 4] and ends.tolist() == [2, 7]


def test_runs_to_mask_sets_exactly_the_runs_even_when_adjacent():
    starts, ends = parse_runs("1 2 3 1 9 2", 10, "row 1")  # pixels 1-2, 3 (touching), 9-10
    assert runs_to_mask(starts, ends, 10).tolist() == [1, 1, 1, 0, 0, 0, 0, 0, 1, 1]


@pytest.mark.parametrize("text, message", [
    ("1 x", "row 7: run-length encoding must be integers, got '1 x'"),
    ("1 2 3", "row 7: run-length encoding must hold start length pairs"),
    ("0 2", "row 7: run starts and lengths must be positive integers"),
    ("1 0", "row 7: run starts and lengths must be positive integers"),
    ("5 1 1 1", "row 7: runs must be sorted by start"),
    ("1 3 2 1", "row 7: runs overlap"),
    ("9 3", "row 7: a run ends outside the 2x5 image"),
])
def test_parse_runs_messages_name_the_row(text, message):
    with pytest.raises(InvalidSubmissionError) as err:
        parse_runs(text, 10, "row 7", outside="the 2x5 image")
    assert str(err.value) == message


def test_parse_runs_integer_wording_and_a_run_ending_on_the_last_pixel():
    with pytest.raises(InvalidSubmissionError, match=r"must be integers or '-', got '1\.5 2'"):
        parse_runs("1.5 2", 10, "r", integers="integers or '-'")
    assert parse_runs("9 2", 10, "r")[1].tolist() == [10]


def test_split_detections_rows_and_fields():
    row, table = split_detections(["a 1 2", None, float("nan"), "", "b 3 4 c 5 6"], ["i0", "i1", "i2", "i3", "i4"],
                                  fields=3, where="id", unit="box", layout="label x y")
    assert row.tolist() == [0, 4, 4]
    assert table.tolist() == [["a", "1", "2"], ["b", "3", "4"], ["c", "5", "6"]]
    assert position_in_group(row).tolist() == [0, 0, 1]


def test_split_detections_empty_and_bad_count():
    row, table = split_detections([None, ""], ["a", "b"], fields=6, where="id", unit="box", layout="l c x y x y")
    assert row.shape == (0,) and table.shape == (0, 6)
    with pytest.raises(InvalidSubmissionError) as err:
        split_detections(["x 1 2 3"], ["img9"], fields=3, where="image_id", unit="object", layout="label x y")
    assert str(err.value) == "image_id 'img9': PredictionString must hold 3 fields per object (label x y), got 4"


def test_all_numbers_and_position_in_group():
    assert all_numbers(["1", "-2.5", "nan", "1e3"]) and not all_numbers(["1", "x"])
    assert position_in_group(np.array([0, 0, 0, 2, 5, 5])).tolist() == [0, 1, 2, 0, 0, 1]
