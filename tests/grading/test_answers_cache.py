"""grading.answers: answers parsed once per process, parsed again when the file changes, bounded."""

from __future__ import annotations

import os

import pandas as pd

from mlebench.grading.answers import AnswersCache


def _write(path, n, value=0):
    pd.DataFrame({"id": range(n), "y": [value] * n}).to_csv(path, index=False)


def test_a_second_load_is_a_hit_and_a_private_copy(tmp_path):
    cache = AnswersCache()
    _write(tmp_path / "a.csv", 5)
    first = cache.get(tmp_path / "a.csv")
    first.loc[0, "y"] = 99  # a caller that changes its frame
    first["extra"] = 1
    second = cache.get(tmp_path / "a.csv")
    assert (cache.hits, cache.misses) == (1, 1)
    assert second["y"].tolist() == [0] * 5 and list(second.columns) == ["id", "y"]


def test_a_changed_file_is_read_again(tmp_path):
    cache = AnswersCache()
    path = tmp_path / "a.csv"
    _write(path, 5)
    assert cache.get(path)["y"].tolist() == [0] * 5
    _write(tmp_path / "b.csv", 5, value=1)
    os.replace(tmp_path / "b.csv", path)  # re-prepared: same size, new file
    assert cache.get(path)["y"].tolist() == [1] * 5
    _write(path, 6, value=2)  # rewritten in place
    assert cache.get(path)["y"].tolist() == [2] * 6
    assert cache.misses == 3 and len(cache) == 1


def test_the_cache_is_bounded_by_entries_and_bytes_least_recently_used_first(tmp_path):
    for name in "abc":
        _write(tmp_path / f"{name}.csv", 10)
    cache = AnswersCache(max_entries=2)
    cache.get(tmp_path / "a.csv"), cache.get(tmp_path / "b.csv"), cache.get(tmp_path / "a.csv")
    cache.get(tmp_path / "c.csv")  # evicts b, the least recently used
    assert len(cache) == 2
    cache.get(tmp_path / "a.csv")
    assert cache.hits == 2
    cache.get(tmp_path / "b.csv")
    assert cache.misses == 4
    tiny = AnswersCache(max_bytes=100)  # nothing fits: every load parses, nothing is kept
    tiny.get(tmp_path / "a.csv"), tiny.get(tmp_path / "a.csv")
    assert len(tiny) == 0 and tiny.misses == 2 and tiny.nbytes == 0


def test_jsonl_answers_are_copied_for_each_caller(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "labels": ["x"]}\n')
    cache = AnswersCache()
    cache.get(path)[0]["labels"].append("y")
    assert cache.get(path) == [{"id": 1, "labels": ["x"]}]
