"""grading.batch.grade_many: a pool of processes gives the serial reports, in order, whatever fails."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from mlebench.errors import NotPreparedError
from mlebench.grading import batch
from mlebench.grading.batch import grade_many
from mlebench.registry import registry

CID = "offline-tabular-binary"


def _comparable(reports):
    return [r.model_dump(exclude={"created_at", "grader_seconds"}) for r in reports]


@pytest.fixture(scope="module")
def items(prepared, tmp_path_factory):
    comp = prepared.get(CID)
    sample = pd.read_csv(comp.sample_submission)
    folder = tmp_path_factory.mktemp("subs")
    sample.to_csv(folder / "sample.csv", index=False)
    sample.sample(frac=1.0, random_state=1).assign(target=lambda d: d.index % 5 / 5).to_csv(folder / "other.csv", index=False)
    sample.iloc[2:].to_csv(folder / "short.csv", index=False)
    names = ["sample.csv", "short.csv", "nothing.csv", "other.csv", "sample.csv", "other.csv"]
    return [(comp, folder / n) for n in names]


def test_parallel_reports_are_the_serial_ones_in_the_same_order(items):
    serial = grade_many(items, jobs=1)
    assert [r.valid_submission for r in serial] == [True, False, False, True, True, True]
    assert serial[0].score != serial[3].score
    assert _comparable(grade_many(items, jobs=2)) == _comparable(serial)
    assert _comparable(grade_many(items, jobs=8)) == _comparable(serial)


def test_a_submission_that_kills_its_worker_spares_the_others(items, monkeypatch):
    real = batch.grade_csv

    def dies_on_short(path, competition):  # a real death of the process (as a segfault or the OOM killer)
        if path.name == "short.csv":
            os._exit(1)
        return real(path, competition)

    monkeypatch.setattr(batch, "grade_csv", dies_on_short)  # forked workers inherit it
    reports = grade_many(items, jobs=2)
    assert [r.valid_submission for r in reports] == [True, None, False, True, True, True]
    assert "process died" in reports[1].grading_error and reports[1].score is None
    assert reports[0].score == reports[4].score is not None


def test_a_competition_that_is_not_prepared_stops_before_grading(tmp_path):
    comp = registry.set_data_dir(tmp_path).get_competition(CID)
    with pytest.raises(NotPreparedError):
        grade_many([(comp, tmp_path / "x.csv")], jobs=2)
