"""Regressions of issue 13: malformed submissions are invalid with a reason, grader bugs are ours.

Each test writes the file a careless or hostile author could write for a prepared competition and
grades it the way the harness does (``grade_csv``), so that the reader, the shared checkers and the
competition's own grader are all exercised.
"""

from __future__ import annotations

import copy
import json
import math

import pandas as pd
import pytest

from mlebench.grade import grade_csv, grade_jsonl, validate_submission
from mlebench.grading.grader import Grader
from mlebench.grading.report import aggregate_reports, json_safe
from mlebench.grading.submission import read_table
from mlebench.utils import load_answers
from tests.competitions.test_contract import perfect_submission


def _write(tmp_path, df: pd.DataFrame, name: str = "submission.csv"):
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def _invalid(report, *words: str) -> str:
    assert report.score is None and report.valid_submission is False, report
    assert report.grading_error is None, f"a user's mistake reported as a grader error: {report.grading_error}"
    reason = report.invalid_reason or ""
    assert reason and "\n" not in reason
    for w in words:
        assert w.lower() in reason.lower(), reason
    return reason


def _perfect_as_text(comp) -> pd.DataFrame:
    """The answers as a submission, every cell as the text it would be written as."""
    return perfect_submission(comp).astype(object).astype(str).replace("nan", "")


def _id(comp) -> str:
    spec = comp.config.extra["submission"]["id_column"]
    return spec if isinstance(spec, str) else spec[0]


# --- 1. a blank or NaN id among ids in the answers' order --------------------------------------

IN_ORDER = ["dogs-vs-cats-redux-kernels-edition", "denoising-dirty-documents", "offline-tabular-binary",
            "offline-ranking", "detecting-insults-in-social-commentary", "offline-text-normalization"]


@pytest.mark.parametrize("cid", IN_ORDER)
@pytest.mark.parametrize("blank", ["", "NaN"])
def test_a_blank_or_nan_id_in_order_is_invalid_naming_the_row(prepared, tmp_path, cid, blank):
    comp = prepared.get(cid)
    sub = _perfect_as_text(comp)
    sub.loc[2, _id(comp)] = blank
    reason = _invalid(grade_csv(_write(tmp_path, sub), comp), "blank or nan id")
    assert "data row(s) 3" in reason


def test_the_issues_example_dogs_vs_cats(prepared, tmp_path):
    comp = prepared.get("dogs-vs-cats-redux-kernels-edition")
    ids = load_answers(comp.answers)["id"].tolist()
    lines = ["id,label", *(f"{'' if i == 2 else x},0.5" for i, x in enumerate(ids))]
    path = tmp_path / "submission.csv"
    path.write_text("\n".join(lines) + "\n")
    _invalid(grade_csv(path, comp), "blank or nan id", "data row(s) 3")


# --- 2. blank ids with rows shuffled, an extra blank-id row, all ids blank -----------------------

BLANKS = {
    "shuffled": lambda sub, idc: sub.assign(**{idc: [""] + sub[idc].tolist()[1:]}).sample(frac=1.0, random_state=3),
    "extra-row": lambda sub, idc: pd.concat([sub, sub.iloc[:1].assign(**{idc: ""})], ignore_index=True),
    "all-blank": lambda sub, idc: sub.assign(**{idc: ""}),
}


@pytest.mark.parametrize("cid", IN_ORDER)
@pytest.mark.parametrize("how", sorted(BLANKS))
def test_blank_ids_anywhere_are_invalid_not_internal_errors(prepared, tmp_path, cid, how):
    comp = prepared.get(cid)
    sub = BLANKS[how](_perfect_as_text(comp), _id(comp))
    _invalid(grade_csv(_write(tmp_path, sub), comp), "blank or nan id")


# --- 3. huge numbers: an id of 1e308, RLE numbers beyond int64 -----------------------------------


HUGE = [
    *(("offline-tabular-binary", "id", v, "not in the test set") for v in ["1e308", "-1e308", "1" + "0" * 29]),
    *(("offline-segmentation", "predicted", v, "run-length") for v in ["1e308", "1" + "0" * 29, "1 " + "1" * 30]),
]


@pytest.mark.parametrize(("cid", "column", "huge", "word"), HUGE)
def test_huge_numbers_in_ids_and_rle_masks_are_invalid(prepared, tmp_path, cid, column, huge, word):
    comp = prepared.get(cid)
    sub = _perfect_as_text(comp)
    sub.loc[0, column] = huge
    _invalid(grade_csv(_write(tmp_path, sub), comp), word)


# --- 4. predictions that overflow the metric; strict JSON ---------------------------------------

REGRESSION = {
    "new-york-city-taxi-fare-prediction": "fare_amount",
    "denoising-dirty-documents": "value",
    "offline-image-to-image": "value",
    "offline-tabular-regression": "fare_amount",
    "offline-time-series": "sales",
}


@pytest.mark.parametrize("cid", sorted(REGRESSION))
@pytest.mark.parametrize("huge", ["1e308", "-1e308"])
def test_predictions_that_overflow_the_metric_are_invalid_naming_the_column(prepared, tmp_path, cid, huge):
    comp = prepared.get(cid)
    sub = _perfect_as_text(comp)
    sub.loc[[1, 2], REGRESSION[cid]] = huge  # two, so that even a mean of absolute errors overflows
    reason = _invalid(grade_csv(_write(tmp_path, sub), comp), REGRESSION[cid])
    assert "data row(s) 2, 3" in reason


@pytest.mark.parametrize("cid", sorted(REGRESSION))
def test_infinite_predictions_are_invalid(prepared, tmp_path, cid):
    comp = prepared.get(cid)
    sub = _perfect_as_text(comp)
    sub.loc[1, REGRESSION[cid]] = "-inf"
    _invalid(grade_csv(_write(tmp_path, sub), comp), "infinite", REGRESSION[cid])


def _strict_loads(text: str):
    def refuse(token):
        raise ValueError(f"non-standard JSON token {token}")
    return json.loads(text, parse_constant=refuse)


def test_grading_reports_are_strict_json(prepared, tmp_path):
    comp = prepared.get("new-york-city-taxi-fare-prediction")
    sub = _perfect_as_text(comp)
    sub.loc[0, "fare_amount"] = "1e308"
    entries = tmp_path / "submissions.jsonl"
    entries.write_text(json.dumps({"competition_id": comp.id, "submission_path": str(_write(tmp_path, sub))}) + "\n")
    out = grade_jsonl(entries, tmp_path / "out", registry=prepared.registry)
    report = _strict_loads(out.read_text())
    assert report["competition_reports"][0]["valid_submission"] is False


def test_non_finite_floats_become_null_in_every_report_dict(prepared, tmp_path):
    comp = prepared.get("offline-tabular-binary")
    report = grade_csv(_write(tmp_path, _perfect_as_text(comp)), comp)
    hostile = report.model_copy(update={"score": math.inf, "leaderboard_percentile": math.nan})
    as_dict = hostile.to_dict()
    assert as_dict["score"] is None and as_dict["leaderboard_percentile"] is None
    json.dumps(aggregate_reports([hostile]), allow_nan=False)
    assert json_safe({"a": [1.0, -math.inf, {"b": math.nan}], "c": "inf"}) == {"a": [1.0, None, {"b": None}], "c": "inf"}


# --- 5. text that pyarrow would read as numbers ---------------------------------------------------


@pytest.mark.parametrize("value", ["true", "False", "TRUE"])
def test_booleans_in_a_number_column_are_invalid(prepared, tmp_path, value):
    comp = prepared.get("offline-tabular-binary")  # targets 0/1: pyarrow would read the column as booleans
    sub = _perfect_as_text(comp)
    sub.loc[0, "target"] = value
    _invalid(grade_csv(_write(tmp_path, sub), comp), "numeric", value)


@pytest.mark.parametrize("value", ["0x2", "0X1", "-0x1"])
def test_hexadecimal_in_an_integer_column_is_invalid(prepared, tmp_path, value):
    comp = prepared.get("offline-tabular-multiclass")  # Cover_Type: integer classes
    sub = _perfect_as_text(comp)
    sub.loc[0, "Cover_Type"] = value
    _invalid(grade_csv(_write(tmp_path, sub), comp), value)


def test_hexadecimal_ids_are_not_test_ids(prepared, tmp_path):
    comp = prepared.get("offline-tabular-binary")
    sub = _perfect_as_text(comp)
    sub.loc[0, "id"] = hex(int(sub.loc[0, "id"]))
    _invalid(grade_csv(_write(tmp_path, sub), comp), "not in the test set", hex(int(perfect_submission(comp).loc[0, "id"])))


def test_the_reader_keeps_text_as_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,flag,n,word\n1,0,5,0x\n2,true,0x10,b\n3,1,7,c\n")
    df = read_table(path)
    assert df["flag"].tolist() == ["0", "true", "1"]
    assert df["n"].tolist() == ["5", "0x10", "7"]
    assert df["id"].tolist() == [1, 2, 3]  # an integer column without hex stays integer
    path.write_text("id,flag\n1,0\n2,1\n")
    assert read_table(path)["flag"].tolist() == [0, 1]


def test_a_repeated_header_name_is_invalid(prepared, tmp_path):
    comp = prepared.get("dog-breed-identification")  # accepts extra columns: "beagle.1" must not pass as one
    path = tmp_path / "submission.csv"
    sub = perfect_submission(comp)
    sub.assign(extra=sub["beagle"]).rename(columns={"extra": "beagle"}).to_csv(path, index=False)
    _invalid(grade_csv(path, comp), "duplicate column names", "beagle")


# --- a grader's own exception is ours: recorded as a grading error, never the agent's fault -------


def _broken_grader(comp) -> Grader:
    def grade(submission, answers):
        raise KeyError("a bug in the grader")
    return Grader("broken", grade, is_lower_better=comp.is_lower_better)


def _broken(comp):
    broken = copy.copy(comp)
    broken.__dict__["grader"] = _broken_grader(comp)
    return broken


def test_a_grader_crash_is_a_grading_error_not_an_invalid_submission(prepared, tmp_path):
    comp = _broken(prepared.get("offline-tabular-binary"))
    report = grade_csv(_write(tmp_path, _perfect_as_text(comp)), comp)
    assert report.score is None and report.valid_submission is None and report.invalid_reason is None
    assert report.grading_error and "KeyError" in report.grading_error and "a bug in the grader" in report.grading_error
    summary = aggregate_reports([report])
    assert summary["total_grading_errors"] == 1 and summary["total_valid_submissions"] == 0
    json.dumps(summary, allow_nan=False)


def test_validation_says_the_grader_failed_without_its_details(prepared, tmp_path):
    comp = _broken(prepared.get("offline-tabular-binary"))
    ok, message = validate_submission(_write(tmp_path, _perfect_as_text(comp)), comp)
    assert not ok and "grader failed on our side" in message and "a bug in the grader" not in message


def test_a_run_group_records_a_grader_crash_and_grades_again_after_the_fix(prepared, tmp_path, monkeypatch):
    from mlebench.registry import Competition
    from mlebench.runner.grading import grade_group
    from mlebench.runner.rungroup import RunGroup, RunKey

    comp = prepared.get("offline-tabular-binary")
    group = RunGroup.create(tmp_path / "runs", "g", {"competitions": [comp.id], "seeds": 1, "agent_id": "dummy"})
    key = RunKey(comp.id, 0)
    group.write_run_record(key, {"status": "succeeded"})
    (group.run_dir(key) / "submission").mkdir()
    _write(group.run_dir(key) / "submission", _perfect_as_text(comp))

    with monkeypatch.context() as m:
        m.setattr(Competition, "grader", _broken_grader(comp))  # every competition's grader, for a moment
        out, report = grade_group(group, prepared.data_dir)
    run = _strict_loads(out.read_text())["competition_reports"][0]
    assert run["grading_error"] and run["valid_submission"] is None and run["invalid_reason"] is None
    assert report["total_grading_errors"] == 1

    out, report = grade_group(group, prepared.data_dir)  # the bug fixed: the same run graded again
    run = _strict_loads(out.read_text())["competition_reports"][0]
    assert run["grading_error"] is None and run["valid_submission"] is True and run["score"] is not None
    assert report["total_grading_errors"] == 0
