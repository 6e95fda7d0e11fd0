"""A submission is hostile input: every problem with the file is an InvalidSubmissionError with a reason,
or, through grade_csv, an invalid report with `invalid_reason`; it never crashes grading or hangs."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from mlebench.grade import grade_csv, validate_submission
from mlebench.grading.submission import check_regular_file, read_csv
from mlebench.grade_helpers import InvalidSubmissionError

BAD_BYTES = {
    # name: (file bytes, words the reason must contain)
    "utf16": ("id,target\n1,0.5\n".encode("utf-16"), "could not parse CSV"),
    "latin1": (b"id,name\n1,caf\xe9\n", "not valid UTF-8"),
    "latin1-header": (b"id,caf\xe9\n1,2\n", "not valid UTF-8"),
    "ragged-long": (b"id,target\n1,0.5,9\n", "Expected 2 columns, got 3"),
    "ragged-short": (b"id,target\n1,0.5\n2\n", "Expected 2 columns, got 1"),
    "bad-quoting": (b'id,target\n"1,0.5\n2,0.5\n', "could not parse CSV"),
    "pandas-index": (b",id,target\n0,1,0.5\n1,2,0.5\n", "index=False"),
    "pandas-index-named": (b"Unnamed: 0,id,target\n0,1,0.5\n", "index=False"),
    "empty": (b"", "empty"),
    "nul-bytes": (b"\x00\x00\x00\x00", "no header"),
}


@pytest.mark.parametrize("name", sorted(BAD_BYTES))
def test_bad_bytes_are_invalid_with_a_reason(tmp_path, name):
    data, reason = BAD_BYTES[name]
    path = tmp_path / "submission.csv"
    path.write_bytes(data)
    with pytest.raises(InvalidSubmissionError, match=reason) as info:
        read_csv(path, check_file=True)
    assert "\n" not in str(info.value)


def test_utf8_bom_is_read_transparently(tmp_path):
    path = tmp_path / "submission.csv"
    path.write_bytes(b"\xef\xbb\xbfid,target\n1,0.5\n2,0.25\n")
    df = read_csv(path, check_file=True)
    assert list(df.columns) == ["id", "target"]
    assert df["target"].tolist() == [0.5, 0.25]


def test_quoted_fields_with_commas_are_fine(tmp_path):
    path = tmp_path / "submission.csv"
    path.write_text('id,text\n1,"a, b"\n2,"say ""hi"""\n')
    assert read_csv(path)["text"].tolist() == ["a, b", 'say "hi"']


def test_header_only_reads_as_zero_rows(tmp_path):
    path = tmp_path / "submission.csv"
    path.write_text("id,target\n")
    assert read_csv(path, check_file=True).shape == (0, 2)


def test_symlink_fifo_directory_missing_and_oversized(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("id,target\n1,0.5\n")
    (tmp_path / "link.csv").symlink_to(real)
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "dir.csv").mkdir()
    for name, reason in [("link.csv", "symbolic link"), ("fifo.csv", "not a regular file"),
                         ("dir.csv", "not a regular file"), ("missing.csv", "does not exist")]:
        with pytest.raises(InvalidSubmissionError, match=reason):
            check_regular_file(tmp_path / name)
    with pytest.raises(InvalidSubmissionError, match="over the limit of 10"):
        check_regular_file(real, max_bytes=10)


# --- the same problems through grade_csv: an invalid report, never an exception -----------------


@pytest.fixture(scope="module")
def competition(prepared):
    return prepared.get("offline-tabular-binary")


def _specials(tmp_path: Path, competition) -> dict[str, tuple[Path, str]]:
    real = tmp_path / "real.csv"
    real.write_bytes(competition.sample_submission.read_bytes())
    (tmp_path / "link.csv").symlink_to(real)
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "dir.csv").mkdir()
    (tmp_path / "header.csv").write_text("id,target\n")
    (tmp_path / "submission.parquet").write_bytes(b"PAR1")
    return {
        "symlink": (tmp_path / "link.csv", "symbolic link"),
        "fifo": (tmp_path / "fifo.csv", "not a regular file"),
        "directory": (tmp_path / "dir.csv", "not a regular file"),
        "header-only": (tmp_path / "header.csv", "no rows"),
        "missing": (tmp_path / "nope.csv", "does not exist"),
        "not-csv": (tmp_path / "submission.parquet", "must be a .csv"),
    }


@pytest.mark.parametrize("name", sorted(BAD_BYTES))
def test_grade_csv_reports_bad_bytes_as_invalid(competition, tmp_path, name):
    data, reason = BAD_BYTES[name]
    path = tmp_path / "submission.csv"
    path.write_bytes(data)
    report = grade_csv(path, competition)
    assert not report.valid_submission and report.score is None
    assert reason in report.invalid_reason
    assert report.submission_exists  # the file is there, it is just unusable


@pytest.mark.parametrize("name", ["symlink", "fifo", "directory", "header-only", "missing", "not-csv"])
def test_grade_csv_reports_special_files_as_invalid(competition, tmp_path, name):
    path, reason = _specials(tmp_path, competition)[name]
    report = grade_csv(path, competition)
    assert not report.valid_submission and report.score is None
    assert reason in report.invalid_reason
    assert report.submission_path == str(path)
    ok, message = validate_submission(path, competition)
    assert not ok and reason in message


def test_grade_csv_names_the_wrong_ids(competition, tmp_path):
    sample = pd.read_csv(competition.sample_submission)
    path = tmp_path / "short.csv"
    sample.iloc[2:].to_csv(path, index=False)
    report = grade_csv(path, competition)
    assert "2 id(s) missing" in report.invalid_reason
    assert str(sample["id"].iloc[0]) in report.invalid_reason


def test_validate_submission_never_reveals_a_score(competition):
    ok, message = validate_submission(competition.sample_submission, competition)
    assert ok and message == "Submission is valid."
