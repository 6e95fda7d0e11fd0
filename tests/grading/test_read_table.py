"""Reading CSVs whose quoted values hold newlines: pyarrow parses in blocks of ~1 MB and, unless told values
may hold newlines, refuses such a file once a quoted newline falls across a block (found with
facebook-recruiting-iii's real-size answers, whose Title/Body carry newlines)."""

from __future__ import annotations

import pandas as pd
import pytest

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.submission import read_csv, read_table


def test_a_large_file_with_newlines_inside_quoted_values_reads_whole(tmp_path):
    n = 40_000  # ~2.5 MB: several of pyarrow's parse blocks
    frame = pd.DataFrame({"Id": range(n), "Body": [f"line one of {i}\nline two, \"quoted\"\nend" for i in range(n)],
                          "Tags": ["c# .net" if i % 2 else "python" for i in range(n)]})
    path = tmp_path / "answers.csv"
    frame.to_csv(path, index=False)
    assert path.stat().st_size > 2 * 2**20
    read = read_table(path)
    assert len(read) == n and list(read.columns) == ["Id", "Body", "Tags"]
    assert read["Id"].tolist() == list(range(n))
    assert read["Body"].tolist() == frame["Body"].tolist() and read["Tags"].tolist() == frame["Tags"].tolist()


def test_a_ragged_large_file_is_still_refused(tmp_path):
    lines = ["Id,Body,Tags"] + [f'{i},"text\nmore",python' for i in range(40_000)] + ['40000,"text",python,extra']
    path = tmp_path / "submission.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidSubmissionError, match="could not parse CSV"):
        read_csv(path)
