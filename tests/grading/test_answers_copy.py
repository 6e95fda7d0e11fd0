"""grading.answers: the Arrow copy of the answers that a process reads instead of parsing the CSV."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mlebench.data.prepare import verify_prepared
from mlebench.grading import answers as answers_module
from mlebench.grading.answers import AnswersCache, _same_frame
from mlebench.grading.core import grade_csv
from mlebench.utils import load_answers
from tests.competitions.test_contract import perfect_submission

# what read_table keeps as text (a timestamp, booleans), blanks, -0.0, NaN, unicode, big and small ints
CSV = (
    "id,key,flag,text,score,count\n"
    "7,2013-04-14 16:56:00.0000001,true,héllo wörld,-0.0,9007199254740993\n"
    "8,2013-04-14 16:56:01.0000002,false,,NaN,-3\n"
    "9,2013-04-15 00:00:00.0000000,true,\"a,b\",1e-300,0\n"
)


def _never(path):
    raise AssertionError(f"parsed {path} although its copy is current")


def _metadata(path):
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source).schema.metadata


def test_a_new_process_reads_the_copy_and_gets_the_very_same_frame(tmp_path):
    path, copy = tmp_path / "answers.csv", tmp_path / "copy" / "answers.csv.arrow"
    path.write_text(CSV)
    first = AnswersCache().get(path, copy_at=copy)
    assert copy.is_file() and _metadata(copy)[b"mlebench.answers-copy-usable"] == b"yes"
    again = AnswersCache(loader=_never).get(path, copy_at=copy)  # a fresh cache: another process
    expected = load_answers(path)
    assert _same_frame(expected, first) and _same_frame(expected, again)
    assert again["key"].tolist() == expected["key"].tolist() and again["key"].dtype == expected["key"].dtype
    assert np.signbit(again["score"].to_numpy()[0]) and again["count"].tolist()[0] == 9007199254740993
    assert not list(copy.parent.glob(".*.tmp"))  # nothing left behind by the writer


def test_a_replaced_or_rewritten_answers_file_is_parsed_again_and_its_copy_rewritten(tmp_path):
    path, copy = tmp_path / "answers.csv", tmp_path / "answers.csv.arrow"
    pd.DataFrame({"id": [1, 2], "y": [0.5, 0.25]}).to_csv(path, index=False)
    AnswersCache().get(path, copy_at=copy)
    pd.DataFrame({"id": [1, 2], "y": [0.75, 0.5]}).to_csv(tmp_path / "new.csv", index=False)
    os.replace(tmp_path / "new.csv", path)  # re-prepared: same size, another file
    assert AnswersCache().get(path, copy_at=copy)["y"].tolist() == [0.75, 0.5]
    assert AnswersCache(loader=_never).get(path, copy_at=copy)["y"].tolist() == [0.75, 0.5]


def test_a_frame_that_does_not_survive_the_round_trip_is_never_read_from_a_copy(tmp_path):
    path, copy = tmp_path / "answers.csv", tmp_path / "answers.csv.arrow"
    path.write_text("id,y\n1,2\n")
    calls = []

    def mixed(p):  # a column of mixed Python objects: Arrow has no type for it
        calls.append(p)
        return pd.DataFrame({"id": [1, 2, 3], "y": pd.Series([1, "a", None], dtype=object)})

    assert AnswersCache(loader=mixed).get(path, copy_at=copy)["y"].tolist()[:2] == [1, "a"]
    assert _metadata(copy)[b"mlebench.answers-copy-usable"] == b"no"
    AnswersCache(loader=mixed).get(path, copy_at=copy)  # parsed again, and nothing rewritten
    assert len(calls) == 2


def test_a_damaged_copy_is_ignored_and_written_again(tmp_path):
    path, copy = tmp_path / "answers.csv", tmp_path / "answers.csv.arrow"
    path.write_text(CSV)
    AnswersCache().get(path, copy_at=copy)
    copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])  # a writer that died half way
    assert _same_frame(load_answers(path), AnswersCache().get(path, copy_at=copy))
    assert _same_frame(load_answers(path), AnswersCache(loader=_never).get(path, copy_at=copy))


def test_no_writable_place_for_the_copy_only_costs_a_parse(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(CSV)
    (tmp_path / "a-file").write_text("")
    got = AnswersCache().get(path, copy_at=tmp_path / "a-file" / "answers.csv.arrow")  # its folder is a file
    assert _same_frame(load_answers(path), got)


def test_the_copy_can_be_turned_off(tmp_path, monkeypatch):
    path, copy = tmp_path / "answers.csv", tmp_path / "answers.csv.arrow"
    path.write_text(CSV)
    monkeypatch.setattr(answers_module, "COPY_ENABLED", False)
    AnswersCache().get(path, copy_at=copy)
    assert not copy.exists()


@pytest.mark.parametrize("cid", ["spaceship-titanic", "new-york-city-taxi-fare-prediction"])
def test_grading_writes_the_copy_outside_the_checksummed_files_and_scores_the_same_from_it(prepared, cid, tmp_path):
    comp = prepared.get(cid)
    answers_module.answers_cache().clear()
    comp.answers_copy.unlink(missing_ok=True)
    sub = tmp_path / "submission.csv"
    perfect_submission(comp).to_csv(sub, index=False)
    from_csv = grade_csv(sub, comp)
    assert comp.answers_copy.is_file() and comp.answers_copy.parent.parent == comp.prepared_dir
    answers_module.answers_cache().clear()
    from_copy = grade_csv(sub, comp)
    assert from_copy.score == from_csv.score and from_copy.score is not None
    assert verify_prepared(comp) == []  # the copy is not one of the prepared files
