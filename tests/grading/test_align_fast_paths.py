"""align's cheap paths give what the plain pandas way gives, and cached answers cannot be changed.

``align`` checks all-float/int targets as one array and other targets column by column, and builds
its result without copying the answers; ``_reference`` below is the straightforward way (every
column checked as a Series, the submission copied and gathered with ``iloc``), written here as the
specification. Random submissions (shuffled, blank, infinite, out of range, text among numbers,
columns out of order, text and integer ids, one or two id columns) must give equal frames or the
same message from both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.answers import AnswersCache
from mlebench.grading.core import _BoardScores, grade_file
from mlebench.grading import leaderboard as lb
from mlebench.grading.declarative import _as_items
from mlebench.grading.submission import _key, _match_ids, _preview, align, check_blank_ids, check_columns, check_finite


def _reference(submission, answers, *, id_column, target_columns, allow_nan=False, numeric=False, probabilities=False):
    ids = [id_column] if isinstance(id_column, str) else list(id_column)
    check_columns(submission, [*ids, *target_columns])
    if len(submission) == 0:
        raise InvalidSubmissionError("submission has no rows")
    check_blank_ids(submission, ids)
    sub = submission[[*ids, *target_columns]].copy()
    ans = answers.copy()
    order = _match_ids(sub, ans, ids)
    if not allow_nan:
        nans = sub[list(target_columns)].isna().sum()
        nans = nans[nans > 0]
        if len(nans):
            where = ", ".join(f"'{c}' ({n})" for c, n in nans.items())
            raise InvalidSubmissionError(f"missing values (NaN/empty) in column(s) {where}")
    if numeric or probabilities:
        for c in target_columns:
            if not pd.api.types.is_numeric_dtype(sub[c]) or pd.api.types.is_bool_dtype(sub[c]):
                converted = pd.to_numeric(sub[c], errors="coerce")
                bad = sub[c][converted.isna() & sub[c].notna()]
                if len(bad):
                    raise InvalidSubmissionError(f"column '{c}' must be numeric; found {_preview(bad.unique())}")
                sub[c] = converted
            if np.isinf(sub[c].to_numpy(dtype=float)).any():
                check_finite(sub[c], c, ids=_key(sub, ids))
            if probabilities and len(sub[c].dropna()) and (sub[c].min() < 0 or sub[c].max() > 1):
                raise InvalidSubmissionError(
                    f"'{c}' must hold probabilities in [0, 1]; found values in [{sub[c].min():.4g}, {sub[c].max():.4g}]"
                )
    if order is not None:
        sub = sub.iloc[order]
    return sub.reset_index(drop=True), ans.reset_index(drop=True)


def _outcome(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except InvalidSubmissionError as e:
        return str(e)


def _random_case(rng: np.random.Generator, n: int):
    text_ids = rng.random() < 0.5
    two_ids = rng.random() < 0.25
    ids = [f"r{i}" for i in range(n)] if text_ids else rng.permutation(10 * n)[:n]
    answers = pd.DataFrame({"id": pd.Series(ids, dtype="str" if text_ids else np.int64)})
    if two_ids:
        answers["part"] = rng.integers(0, 2, n)
    k = int(rng.integers(1, 5))
    targets = [f"t{j}" for j in range(k)]
    for c in targets:
        answers[c] = rng.random(n)
    sub = answers.sample(frac=1.0, random_state=int(rng.integers(1 << 30))) if rng.random() < 0.7 else answers.copy()
    sub = sub.reset_index(drop=True)
    for c in targets:
        kind = rng.integers(0, 8)
        values = rng.random(n) * (1.5 if rng.random() < 0.3 else 1.0)
        if kind == 1:
            values[rng.integers(n)] = np.nan
        elif kind == 2:
            values[rng.integers(n)] = np.inf * rng.choice([-1, 1])
        elif kind == 3:
            sub[c] = rng.integers(0, 2, n)
            continue
        elif kind == 4:  # text among numbers, or numbers as text
            cells = values.astype(object)
            if rng.random() < 0.5:
                cells[rng.integers(n)] = "x"
            sub[c] = pd.Series(cells, dtype=object)
            continue
        elif kind == 5:
            sub[c] = pd.Series([f"{v}" for v in values], dtype="str")
            continue
        elif kind == 6:
            sub[c] = pd.Series([True, False] * (n // 2) + [True] * (n % 2))
            continue
        sub[c] = values
    if rng.random() < 0.2:
        sub = sub.iloc[1:] if rng.random() < 0.5 else pd.concat([sub, sub.iloc[:1]], ignore_index=True)
    columns = list(sub.columns)
    if rng.random() < 0.3:
        columns = columns[::-1]
    id_column = ["id", "part"] if two_ids else "id"
    return sub[columns], answers, id_column, targets


@pytest.mark.parametrize("seed", range(40))
def test_align_equals_the_reference_on_random_submissions(seed):
    rng = np.random.default_rng(seed)
    sub, answers, id_column, targets = _random_case(rng, int(rng.integers(2, 40)))
    for flags in ({}, {"numeric": True}, {"probabilities": True}, {"allow_nan": True, "numeric": True}):
        before = sub.copy()
        got = _outcome(align, sub, answers, id_column=id_column, target_columns=targets, **flags)
        want = _outcome(_reference, sub, answers, id_column=id_column, target_columns=targets, **flags)
        pd.testing.assert_frame_equal(sub, before)  # the input is never changed
        if isinstance(want, str):
            assert got == want
            continue
        assert not isinstance(got, str), got
        for g, w in zip(got, want):
            pd.testing.assert_frame_equal(g, w, check_exact=True)


def test_the_target_array_has_the_layout_pandas_gives():
    ans = pd.DataFrame({"id": np.arange(5), "a": np.arange(5.0), "b": np.arange(5.0)})
    sub, _ = align(ans.iloc[::-1], ans, id_column="id", target_columns=["a", "b"], numeric=True)
    assert sub[["a", "b"]].to_numpy(dtype=float).flags.f_contiguous


def _write(path, n, value=0.0):
    pd.DataFrame({"id": range(n), "y": [value] * n}).to_csv(path, index=False)


def test_cached_answers_cannot_be_changed_through_a_copy(tmp_path):
    cache = AnswersCache(max_entries=1)
    _write(tmp_path / "a.csv", 4)
    first = cache.get(tmp_path / "a.csv")
    with pytest.raises(ValueError, match="read-only"):
        first["y"].array[0] = 5.0  # a write copy-on-write does not see
    first.loc[0, "y"] = 7.0  # an ordinary write: copied first
    assert cache.get(tmp_path / "a.csv")["y"].tolist() == [0.0] * 4
    held = cache.get(tmp_path / "a.csv")
    _write(tmp_path / "b.csv", 4)
    cache.get(tmp_path / "b.csv")  # evicts a while a caller still holds a copy of it
    held.loc[1, "y"] = 3.0  # still copied first, not a write into read-only memory
    held["y"] += 1
    assert held["y"].tolist() == [1.0, 4.0, 1.0, 1.0]


def _mutating(submission, answers):
    """A careless grader: it changes its answers every way pandas allows, then scores."""
    score = float((submission["y"].to_numpy() == answers["y"].to_numpy()).mean())
    answers.loc[0, "y"] = -1.0
    answers["y"] = answers["y"] * 2
    del answers["id"]
    return score


class _Competition:
    def __init__(self, answers_path):
        from mlebench.grading.grader import Grader

        self.answers = answers_path
        self.grader = Grader("mutating", _mutating, is_lower_better=False)


def test_two_gradings_in_a_row_score_as_two_fresh_processes(tmp_path):
    _write(tmp_path / "answers.csv", 6, value=1.0)
    comp = _Competition(tmp_path / "answers.csv")
    for name, values in (("s1.csv", [1.0] * 6), ("s2.csv", [1.0, 0.0] * 3)):
        pd.DataFrame({"id": range(6), "y": values}).to_csv(tmp_path / name, index=False)
    fresh = [grade_file(tmp_path / n, comp, pd.read_csv(tmp_path / "answers.csv")).score for n in ("s1.csv", "s2.csv")]
    cached = [grade_file(tmp_path / n, comp).score for n in ("s1.csv", "s2.csv", "s1.csv")]
    assert fresh == [1.0, 0.5] and cached == [1.0, 0.5, 1.0]
    held = pd.read_csv(tmp_path / "answers.csv")  # a caller's own frame, reused (the validation service's)
    assert [grade_file(tmp_path / n, comp, held).score for n in ("s1.csv", "s2.csv")] == [1.0, 0.5]
    assert held["y"].tolist() == [1.0] * 6 and list(held.columns) == ["id", "y"]


@pytest.mark.parametrize("lower", [True, False])
def test_board_scores_give_the_thresholds_of_the_board(tmp_path, lower):
    scores = np.round(np.random.default_rng(1).random(37), 3)
    pd.DataFrame({"rank": range(37), "score": scores}).to_csv(tmp_path / "lb.csv", index=False)
    board = _BoardScores(tmp_path / "lb.csv")
    assert board.thresholds(lower) == lb.thresholds(lb.load_leaderboard(tmp_path / "lb.csv")["score"], lower_is_better=lower)
    assert not board.scores.flags.writeable


def test_items_of_arrow_text_are_those_of_python_split():
    cells = ["a b", "  lead", "tail  ", "", None, "x\u3000y\u00a0z", "p\x1cq", "é\tè\nê", "one"]
    arrow = pd.Series(cells, dtype="str")
    assert _as_items(arrow) == _as_items(pd.Series(cells, dtype=object)) == [
        [] if c is None else c.split() for c in cells
    ]


@pytest.mark.parametrize("seed", range(20))
def test_shuffled_integer_ids_are_matched_as_by_joint_codes(seed):
    from mlebench.grading.submission import _id_array, _joint_codes, _shuffled_integers

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    scale = int(rng.choice([1, 3, 10**6, 2**62]))
    ids = rng.choice(np.arange(n * 5, dtype=np.int64), n, replace=False) * scale - int(rng.integers(0, 1000))
    sub = rng.permutation(ids)
    if seed % 3 == 1 and n > 1:
        sub[0] = sub[1]  # a duplicate (and so a missing id)
    elif seed % 3 == 2:
        sub[-1] = ids.max() + 1  # an unknown id
    s, a = _id_array(pd.Series(sub)), _id_array(pd.Series(ids))
    got = _shuffled_integers(s, a)
    codes = _joint_codes([(s, a)])
    ans_codes, sub_codes = codes[:n], codes[n:]
    valid = np.bincount(sub_codes).max() == 1 and set(sub_codes) == set(ans_codes)
    if not valid:
        assert got is None
    elif got is not None:  # a span too wide for the table gives None: the joint codes then decide
        where = {c: i for i, c in enumerate(sub_codes)}
        assert got.tolist() == [where[c] for c in ans_codes]
    else:
        assert (ids.max() - ids.min()) >= max(4 * n, 1 << 22)


@pytest.mark.parametrize("seed", range(30))
def test_sparse_integer_ids_are_matched_by_sorting(seed):
    """Ids too sparse for the table (e.g. IceCube's event ids) are matched by sorting value-and-row keys:
    the same order as a dictionary lookup for any permutation, None for anything else."""
    from mlebench.grading.submission import _sorted_match

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5000))
    span = int(rng.choice([n, 2**31, 2**40]))
    ids = rng.choice(span, n, replace=False).astype(np.int64) if span < 2**32 else np.unique(rng.integers(0, span, n))
    n = len(ids)
    answers = np.sort(ids) if seed % 2 else rng.permutation(ids)
    sub = rng.permutation(answers)
    case = seed % 5
    if case == 1 and n > 1:
        sub[int(rng.integers(n))] = sub[int(rng.integers(n))]  # maybe a duplicate
    elif case == 2:
        sub[int(rng.integers(n))] = span  # an id the answers lack
    got = _sorted_match(sub, answers, max(int(sub.max()), int(answers.max())))
    where = {v: i for i, v in enumerate(sub.tolist())}
    if len(where) == n and set(where) == set(answers.tolist()):
        assert got is not None and got.tolist() == [where[v] for v in answers.tolist()]
    else:
        assert got is None


def test_ids_whose_span_and_row_count_overflow_the_key_are_left_to_the_joint_codes():
    from mlebench.grading.submission import _sorted_match

    wide, narrow = np.array([0, 2**61, 5], dtype=np.int64), np.array([0, 2**59, 5], dtype=np.int64)
    assert _sorted_match(wide[::-1].copy(), wide, 2**61) is None  # 62 bits of value + 2 of row
    assert _sorted_match(narrow[::-1].copy(), narrow, 2**59).tolist() == [2, 1, 0]


def _text_ids(rng: np.random.Generator, n: int) -> list[str]:
    alphabet = ["a", "b", "0", "9", "_", " ", "-", "é", "\u3000", "\x00"]
    ascii_only = rng.random() < 0.7
    letters = alphabet[:7] + ["\x00"] if ascii_only else alphabet
    longest = int(rng.choice([3, 9, 20, 70]))
    ids = {"".join(rng.choice(letters, int(rng.integers(0, longest)))) for _ in range(n)}
    return sorted(ids)


@pytest.mark.parametrize("seed", range(40))
def test_shuffled_text_ids_are_matched_as_by_a_dictionary(seed):
    """Text ids (short and long, ASCII or not, trailing spaces, NUL, empty, Arrow's two string types),
    shuffled with a duplicate, an unknown id or nothing wrong: the order a dictionary gives, else None."""
    from mlebench.grading.submission import _shuffled, _sorted_text_match

    rng = np.random.default_rng(seed)
    answers = _text_ids(rng, int(rng.integers(1, 400)))
    sub = list(rng.permutation(answers))
    case = seed % 4
    if case == 1 and len(sub) > 1:
        sub[0] = sub[-1]
    elif case == 2:
        sub[-1] = sub[-1] + " "  # differs only in a trailing space: same padded words, another length
    kind = pa.large_string() if seed % 3 == 0 else pa.string()
    got = _shuffled(pa.chunked_array([pa.array(sub, kind)]), pa.chunked_array([pa.array(answers, kind)]))
    where = {v: i for i, v in enumerate(sub)}
    if len(where) == len(sub) and set(where) == set(answers):
        assert got is not None and got.tolist() == [where[v] for v in answers]
        if all(v.isascii() and len(v) <= 64 for v in answers):  # the sorted path itself, not its fallback
            assert _sorted_text_match(pa.array(sub, kind), pa.array(answers, kind)).tolist() == got.tolist()
    else:
        assert got is None


def test_ids_whose_hashes_collide_are_still_matched_exactly(monkeypatch):
    """A hash that ignores the text (only the length) makes the sorted match pair wrong ids or find repeats;
    the exact check then refuses it and the hash-table lookup decides."""
    from mlebench.grading import submission

    monkeypatch.setattr(submission, "_hash_words", lambda words, lengths, seed=0: lengths.astype(np.uint64) << np.uint64(40))
    as_ids = lambda values: pa.chunked_array([pa.array(values)])  # noqa: E731
    assert submission._sorted_text_match(as_ids(["bb", "a"]).combine_chunks(), as_ids(["a", "cc"]).combine_chunks()) is None
    assert submission._shuffled(as_ids(["bb", "a"]), as_ids(["a", "cc"])) is None
    assert submission._shuffled(as_ids(["bb", "a", "cc"]), as_ids(["a", "cc", "bb"])).tolist() == [1, 2, 0]


def test_many_text_ids_take_the_sorted_match(monkeypatch):
    from mlebench.grading import submission

    rng = np.random.default_rng(7)
    answers = [f"{i:08x}_{i % 7}" for i in rng.permutation(1 << 24)[: submission._SORTED_FROM]]
    sub = list(rng.permutation(answers))
    calls = []
    monkeypatch.setattr(submission, "_sorted_text_match", lambda s, a, f=submission._sorted_text_match: calls.append(1) or f(s, a))
    got = submission._shuffled(pa.chunked_array([pa.array(sub)]), pa.chunked_array([pa.array(answers)]))
    where = {v: i for i, v in enumerate(sub)}
    assert calls and got.tolist() == [where[v] for v in answers]


def test_a_colliding_first_hash_is_retried_with_a_second(monkeypatch):
    from mlebench.grading import submission

    real = submission._hash_words
    seeds = []

    def first_collides(words, lengths, seed=0):
        seeds.append(seed)
        return np.zeros(len(lengths), dtype=np.uint64) if seed == 0 else real(words, lengths, seed)

    monkeypatch.setattr(submission, "_hash_words", first_collides)
    answers = [f"id_{i}" for i in range(100)]
    sub = answers[::-1]
    got = submission._sorted_text_match(pa.array(sub), pa.array(answers))
    assert seeds == [0, 0, 1, 1] and got.tolist() == list(range(99, -1, -1))


def test_cached_answers_are_sized_as_pandas_memory_usage_says():
    from mlebench.grading.answers import _size_of

    n = 50
    df = pd.DataFrame({
        "i": np.arange(n), "f": np.ones(n), "s": pd.Series([f"r{k}" for k in range(n)], dtype="str"),
        "o": pd.Series([f"r{k}" for k in range(n)], dtype=object), "b": np.zeros(n, dtype=bool),
        "c": pd.Categorical(["x", "y"] * (n // 2)), "t": pd.date_range("2020-01-01", periods=n),
        "o2": pd.Series([None] * n, dtype=object),
    }, index=pd.RangeIndex(5, 5 + n))
    expected = int(df.memory_usage(index=True, deep=False).sum()) + 64 * n * 2  # two object columns
    assert _size_of(df) == expected
