"""Round 2 of the per-competition hot loops (issue 18): the fast paths against simple references on random
inputs with ties, repeats and edge cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import mlebench
from mlebench.grading import InvalidSubmissionError
from mlebench.grading import answers, detection
from mlebench.grading.metrics import mean_average_precision_at_k
from mlebench.registry import load_competition_module

COMPETITIONS = Path(mlebench.__file__).resolve().parent / "competitions"
hm = load_competition_module(COMPETITIONS / "h-and-m-personalized-fashion-recommendations", "grade")


def _text(values) -> pd.Series:
    return pd.Series(values, dtype="str")


@pytest.mark.parametrize("seed", range(6))
def test_split_fields_is_str_split(seed):
    rng = np.random.default_rng(seed)
    pieces = ["a", "12", " ", "  ", "é", "\t", "\u00a0", "\x1c", "x\u2003y", ""]
    cells = ["".join(rng.choice(pieces, rng.integers(0, 6))) for _ in range(200)] + [None]
    if seed % 2:  # printable ASCII only: the byte scan settles it without the regex
        cells = [c if c is None else "".join(ch for ch in c if " " <= ch <= "~") for c in cells]
    arr = pa.array(cells, type=pa.large_string())
    split = detection.split_fields(arr)
    other_whitespace = any(ch.isspace() and ch != " " for c in cells if c is not None for ch in c)
    assert (split is None) == other_whitespace
    if split is None:
        return
    rows, fields = split
    expected = [(k, f) for k, c in enumerate(cells) if c is not None for f in c.split()]
    assert list(zip(rows.tolist(), fields.to_pylist())) == expected


def test_printable_ascii_looks_only_at_the_cells_bytes():
    arr = pa.array(["a\tb", "c d", "e"], type=pa.string())
    assert not detection._printable_ascii(arr)
    assert detection._printable_ascii(arr.slice(1))  # the tab lies before the slice
    assert not detection._printable_ascii(pa.array(["é"]))
    assert not detection._printable_ascii(pa.array(["\x7f\x80"]))
    assert detection._printable_ascii(pa.array(["~ !"]))
    assert detection._printable_ascii(pa.array([], type=pa.string()))


def test_once_per_answers_keys_on_the_arrow_buffers():
    calls = []
    a = _text(["x", "y"])

    def make():
        calls.append(1)
        return len(calls)

    assert answers.once_per_answers("t", [a], make) == 1
    assert answers.once_per_answers("t", [a.copy(deep=False)], make) == 1  # a shallow copy: same buffers
    assert answers.once_per_answers("u", [a], make) == 2  # another tag
    assert answers.once_per_answers("t", [_text(["x", "y"])], make) == 3  # equal text, other buffers
    assert answers.once_per_answers("t", [a.iloc[1:]], make) == 4  # a slice
    b = a.copy()
    b.iloc[0] = "z"  # a write makes new buffers
    assert answers.once_per_answers("t", [b], make) == 5
    objects = pd.Series(["x", "y"], dtype=object)
    assert answers.once_per_answers("t", [objects], make) == 6
    assert answers.once_per_answers("t", [objects], make) == 7  # not Arrow: made every time


def test_once_per_answers_takes_numpy_columns_only_when_read_only():
    calls = []

    def make():
        calls.append(1)
        return len(calls)

    values = np.arange(4.0)
    writeable = pd.Series(values)
    assert answers.once_per_answers("n", [writeable], make) == 1
    assert answers.once_per_answers("n", [writeable], make) == 2  # could change: made again
    frozen = np.arange(4.0)
    frozen.flags.writeable = False
    column = pd.Series(frozen, copy=False)
    assert answers.once_per_answers("n", [column], make) == 3
    assert answers.once_per_answers("n", [column.copy(deep=False)], make) == 3
    view = values[:]
    view.flags.writeable = False  # read-only, but a view of an array that is not
    assert answers.once_per_answers("n", [pd.Series(view, copy=False)], make) == 4
    assert answers.once_per_answers("n", [pd.Series(view, copy=False)], make) == 5


def test_what_is_kept_goes_with_the_answers_cache(tmp_path):
    """Clearing an answers cache, or its dropping a file to make room, drops every kept value with it
    (they hold the answers' buffers, which the cache's bounds should free)."""
    calls = []

    def make():
        calls.append(1)
        return len(calls)

    a = _text(["x", "y"])
    assert answers.once_per_answers("t", [a], make) == 1
    assert answers.once_per_answers("t", [a], make) == 1
    answers.AnswersCache().clear()
    assert answers.once_per_answers("t", [a], make) == 2
    cache = answers.AnswersCache(max_entries=1)
    for name in ("one.csv", "two.csv"):
        (tmp_path / name).write_text("id,y\n1,2\n")
        cache.get(tmp_path / name)  # the second drops the first
        if name == "one.csv":
            assert answers.once_per_answers("t", [a], make) == 2
    assert answers.once_per_answers("t", [a], make) == 3


@pytest.mark.parametrize("seed", range(20))
def test_first_of_each_is_uniques_first_index(seed):
    rng = np.random.default_rng(seed)
    key = rng.integers(0, rng.integers(1, 30), rng.integers(0, 60))
    if seed == 3:
        key = key + (1 << 55)  # too wide to pack: np.unique
    candidate = np.flatnonzero(rng.random(len(key)) < 0.7)
    _, first = np.unique(key[candidate], return_index=True)
    assert hm._first_of_each(key, candidate).tolist() == np.sort(candidate[first]).tolist()


def _old_rows_of(submitted: pd.Series, wanted: pd.Series):
    ids = pd.Index(submitted.astype(str).to_numpy(dtype=object), dtype=object)
    if ids.duplicated().any():
        return "duplicated"
    rows = ids.get_indexer(wanted.astype(str).to_numpy(dtype=object))
    return "missing" if (rows < 0).any() else rows.tolist()


@pytest.mark.parametrize("seed", range(30))
def test_rows_of_against_a_hash_index(seed):
    rng = np.random.default_rng(seed)
    width = int(rng.choice([1, 7, 8, 9, 70, 130]))
    alphabet = list("ab0 _") + (["é"] if seed % 7 == 0 else [])
    wanted = sorted({"".join(rng.choice(alphabet, rng.integers(1, width + 1))) for _ in range(40)})
    sub = list(wanted)
    rng.shuffle(sub)
    kind = seed % 6
    if kind == 1:
        sub.append(sub[0])  # duplicated
    elif kind == 2:
        sub = sub[1:]  # missing
    elif kind == 3:
        sub += ["zz" * width, sub[0] + " "]  # extra customers, one longer than any answer
    elif kind == 4:
        sub[0] = sub[0] + "x"  # replaced
    w = _text(wanted)
    expected = _old_rows_of(_text(sub), w)
    if isinstance(expected, str):
        with pytest.raises(InvalidSubmissionError, match=expected):
            hm._rows_of(_text(sub), w)
    else:
        assert hm._rows_of(_text(sub), w).tolist() == expected
    fast = hm._rows_by_hash(_text(sub), w)
    assert fast is None or fast.tolist() == expected
    if kind in (0, 5) and seed % 7 and width <= 128:
        assert fast is not None  # the fast path is taken where it should be


def _lists(rng, rows, vocabulary):
    return [" ".join(rng.choice(vocabulary, rng.integers(0, 16))) for _ in range(rows)]


@pytest.mark.parametrize("seed", range(20))
def test_map_at_12_is_the_reference_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    vocabulary = [f"{i:04d}" for i in range(rng.integers(1, 30))]
    rows = int(rng.integers(1, 50))
    truth, pred = _lists(rng, rows, vocabulary), _lists(rng, rows, vocabulary)
    answers = pd.DataFrame({"customer_id": _text([f"c{i}" for i in range(rows)]), "prediction": _text(truth)})
    order = rng.permutation(rows)
    sub = pd.DataFrame({"customer_id": answers["customer_id"].iloc[order].to_numpy(),
                        "prediction": _text(np.asarray(pred, dtype=object)[order])})
    expected = mean_average_precision_at_k([t.split() for t in truth], [p.split() for p in pred], k=12)
    assert hm.grade(sub, answers) == expected
    assert hm.grade(sub, answers.copy(deep=False)) == expected  # the kept answers' side


# --- detections: numbers read by Arrow, the 3D boxes' intersection ------------------------------------------

lyft = load_competition_module(COMPETITIONS / "3d-object-detection-for-autonomous-vehicles", "grade")


def test_numbers_are_pythons_floats_or_none():
    rng = np.random.default_rng(0)
    plain = ["1", "-2.5", "+.5", "1e400", "-1e-400", "00012", "1.", "-0", "9007199254740993", "0.1e+3",
             "2.2250738585072011e-308", "0.30000000000000004", "123456789012345678901234567890"]
    plain += [repr(float(x)) for x in rng.normal(0, 1e3, 50)] + [f"{x:.17g}" for x in rng.random(50)]
    tokens = pa.array([t for x in plain for t in (x, "label")], type=pa.large_string())
    numbers = detection.plain_numbers(tokens, 2, [0])
    assert numbers is not None
    assert [np.float64(v).tobytes() for v in numbers[:, 0]] == [np.float64(float(x)).tobytes() for x in plain]
    for odd in ["inf", "nan", "1_0", "٣", ".", "1e", "e5", "0x10", "--1", "1.2.3", ""]:
        assert detection.plain_numbers(pa.array(["1", odd], type=pa.large_string()), 2, [0, 1]) is None


def test_split_detections_with_numbers_agrees_with_the_table():
    cells = np.array(["a 1 2.5", "", None, "b -3 4e2 c 5 .5", float("nan")], dtype=object)
    row, table, numbers = detection.split_detections_with_numbers(
        cells, np.arange(5), fields=3, numeric=[1, 2], where="w", unit="u", layout="l")
    assert row.tolist() == [0, 3, 3]
    assert numbers.tolist() == table[:, 1:].astype(float).tolist()
    _, _, odd = detection.split_detections_with_numbers(np.array(["a 1 inf"], dtype=object), [0], fields=3,
                                                        numeric=[1, 2], where="w", unit="u", layout="l")
    assert odd is None  # the caller converts, with its own messages


def _intersection_area_pair_by_pair(p, q):
    """The grader's intersection before it took all edge pairs at once (one pair of edges at a time)."""
    origin = p.mean(axis=1, keepdims=True)
    p, q = p - origin, q - origin
    points, valid = [p, q], [lyft._inside(p, q), lyft._inside(q, p)]
    for i in range(4):
        a, r = p[:, i], p[:, (i + 1) % 4] - p[:, i]
        for j in range(4):
            b, s = q[:, j], q[:, (j + 1) % 4] - q[:, j]
            denom = lyft._cross(r, s)
            safe = np.where(np.abs(denom) > lyft.EPS, denom, 1.0)
            t, u = lyft._cross(b - a, s) / safe, lyft._cross(b - a, r) / safe
            hit = (np.abs(denom) > lyft.EPS) & (t >= -lyft.EPS) & (t <= 1 + lyft.EPS) & (u >= -lyft.EPS) & (u <= 1 + lyft.EPS)
            points.append((a + t[:, None] * r)[:, None, :])
            valid.append(hit[:, None])
    pts, ok = np.concatenate(points, axis=1), np.concatenate(valid, axis=1)
    count = ok.sum(axis=1)
    centre = (pts * ok[..., None]).sum(axis=1) / np.maximum(count, 1)[:, None]
    rel = pts - centre[:, None, :]
    angle = np.where(ok, np.arctan2(rel[..., 1], rel[..., 0]), np.inf)
    order = np.argsort(angle, axis=1, kind="stable")
    rel = np.take_along_axis(rel, order[..., None], axis=1)
    k = np.arange(pts.shape[1])[None, :]
    nxt = np.where(k + 1 < count[:, None], k + 1, 0)
    terms = lyft._cross(rel, np.take_along_axis(rel, nxt[..., None], axis=1))
    area = 0.5 * np.abs(np.where(k < count[:, None], terms, 0.0).sum(axis=1))
    return np.where(count >= 3, area, 0.0)


@pytest.mark.parametrize("seed", range(5))
def test_3d_intersection_area_is_the_pair_by_pair_one_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    n = 400

    def boxes():
        return lyft.corners(rng.normal(0, 2, n).round(seed % 3), rng.normal(0, 2, n), rng.uniform(0.5, 3, n),
                            rng.uniform(0.5, 5, n), rng.choice([0.0, np.pi / 2, np.pi / 4, 1.0], n) if seed == 4
                            else rng.uniform(-4, 4, n))

    p, q = boxes(), boxes()
    q[: n // 4] = p[: n // 4]  # identical boxes
    q[n // 4: n // 2, :, 0] = p[n // 4: n // 2, :, 0] + (p[n // 4: n // 2, :, 0].max(axis=1) - p[n // 4: n // 2, :, 0].min(axis=1))[:, None]  # touching or apart
    got, want = lyft.intersection_area(p, q), _intersection_area_pair_by_pair(p, q)
    assert got.tobytes() == want.tobytes()
    assert (got > 0).sum() > n // 4


# --- siim-covid19: scikit-learn's average precision without scikit-learn ------------------------------------

siim = load_competition_module(COMPETITIONS / "siim-covid19-detection", "grade")


@pytest.mark.parametrize("seed", range(40))
def test_siim_average_precision_is_scikit_learns_bit_for_bit(seed):
    from sklearn.metrics import average_precision_score

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    y = (rng.random(n) < rng.random()).astype(int)
    y[rng.integers(n)] = 1
    scores = [rng.random(n), rng.choice([0.0, 0.25, 0.5, 1.0], n), rng.random(n).round(2) * rng.choice([1, 1e-300], n),
              np.where(rng.random(n) < 0.5, 0.0, -0.0), rng.normal(0, 1e6, n)]
    s = scores[seed % len(scores)]
    got, want = siim.average_precision(y, s), average_precision_score(y, s)
    assert np.float64(got).tobytes() == np.float64(want).tobytes()


# --- tgs-salt: the metric from counts taken on the runs -------------------------------------------------------

tgs = load_competition_module(COMPETITIONS / "tgs-salt-identification-challenge", "grade")


def _random_rle(rng, size):
    if rng.random() < 0.25:
        return ""
    cuts = np.sort(rng.choice(np.arange(1, size + 1), 2 * int(rng.integers(1, 6)), replace=False))
    return " ".join(f"{a} {b - a}" for a, b in zip(cuts[0::2], cuts[1::2]))


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("as_full", [True, False])
def test_tgs_score_on_runs_is_the_metric_on_masks(seed, as_full):
    from mlebench.grading.metrics import mean_iou_threshold_precision

    rng = np.random.default_rng(seed)
    size = tgs.SIZE * tgs.SIZE
    n = 60
    truth = [_random_rle(rng, size) for _ in range(n)]
    pred = [t if rng.random() < 0.3 else _random_rle(rng, size) for t in truth]
    runs = [tgs.parse_plain_runs(pa.array(x, type=pa.large_string()), size) for x in (truth, pred)]
    got = tgs._score_on_runs(runs[0], runs[1], n, empty_prediction_as_full=as_full)
    want = mean_iou_threshold_precision(tgs.decode(truth), tgs.decode(pred), empty_prediction_as_full=as_full)
    assert np.float64(got).tobytes() == np.float64(want).tobytes()


# --- uw-madison: the answers' layout kept ---------------------------------------------------------------------

uw = load_competition_module(COMPETITIONS / "uw-madison-gi-tract-image-segmentation", "grade")


def _uw_answers(rng, heights):
    rows = []
    for case, height in enumerate(heights):
        for s in range(3):
            for cls in ("large_bowel", "small_bowel", "stomach"):
                rows.append((f"case{case}_day1_slice_{s:04d}", cls, _random_rle(rng, height * 6), height, 6))
    frame = pd.DataFrame(rows, columns=["id", "class", "predicted", "image_height", "image_width"])
    return frame.astype({"id": "str", "class": "str", "predicted": "str"})


def _frozen(frame):
    out = frame.copy()
    for c in ("image_height", "image_width"):
        values = out[c].to_numpy().copy()
        values.flags.writeable = False
        out[c] = pd.Series(values, copy=False)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_uw_madison_kept_layout_grades_as_a_fresh_one(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    answers = _uw_answers(rng, [8, 5])
    sub = answers[["id", "class", "predicted"]].sample(frac=1.0, random_state=seed)
    sub["predicted"] = [p if rng.random() < 0.4 else _random_rle(rng, 30) for p in sub["predicted"]]
    made = []
    layout = uw._layout
    monkeypatch.setattr(uw, "_layout", lambda a: made.append(1) or layout(a))
    fresh = uw.grade(sub, answers)
    assert uw.grade(sub, answers) == fresh and len(made) == 2  # writeable answers: laid out every time
    kept = _frozen(answers)
    assert uw.grade(sub, kept) == fresh
    assert uw.grade(sub, kept.copy(deep=False)) == fresh and len(made) == 3  # the kept layout


def test_uw_madison_slices_of_different_sizes_still_fail_after_the_submission_checks():
    rng = np.random.default_rng(0)
    answers = _uw_answers(rng, [8, 5])
    answers.loc[1, "image_height"] = 7
    sub = answers[["id", "class", "predicted"]]
    for frame in (answers, _frozen(answers), _frozen(answers)):
        with pytest.raises(ValueError, match=r"case-day case0_day1 has slices of different sizes: \[\(7, 6\), \(8, 6\)\]"):
            uw.grade(sub, frame)
    with pytest.raises(InvalidSubmissionError):
        uw.grade(sub.assign(predicted="1 x"), _frozen(answers))


# --- kuzushiji: F1 over pairs of a point and a box of its label -------------------------------------------------

kuzushiji = load_competition_module(COMPETITIONS / "kuzushiji-recognition", "grade")


@pytest.mark.parametrize("seed", range(25))
def test_kuzushiji_f1_on_pairs_is_the_metric(seed):
    from mlebench.grading.metrics import kuzushiji_f1

    rng = np.random.default_rng(seed)
    labels = [f"U+30{k:02X}" for k in range(int(rng.integers(1, 6)))]
    pages = 30
    truth, pred = [], []
    for _ in range(pages):
        boxes = [(rng.choice(labels), *rng.integers(0, 60, 2), *rng.integers(1, 40, 2)) for _ in range(rng.integers(0, 12))]
        truth.append(" ".join(f"{a} {x} {y} {w} {h}" for a, x, y, w, h in boxes) if boxes else None)
        points = [(rng.choice(labels + ["U+9999"]), *(rng.integers(0, 100, 2) + rng.choice([0, 0.5]))) for _ in range(rng.integers(0, 14))]
        pred.append(" ".join(f"{a} {x:g} {y:g}" for a, x, y in points) if points else None)
    ids = [f"p{k}" for k in range(pages)]
    answers = pd.DataFrame({"image_id": _text(ids), "labels": _text(truth)})
    order = rng.permutation(pages)
    sub = pd.DataFrame({"image_id": _text(np.asarray(ids)[order]), "labels": _text(np.asarray(pred, dtype=object)[order])})
    assert kuzushiji._pages(sub["labels"], 3) is not None
    want = kuzushiji_f1(truth, pred)
    assert kuzushiji.grade(sub, answers) == want
    assert kuzushiji.grade(sub, answers.copy(deep=False)) == want


def test_kuzushiji_odd_spellings_take_the_cell_by_cell_path():
    for cell in ["U+3042 1 2 ", "U+3042  1 2", "U+3042 1\t2", "", "U+3042 1 inf", "U+3042 1"]:
        assert kuzushiji._pages(_text([cell]), 3) is None
    assert kuzushiji._pages(_text(["U+3042 1 2", None]), 3) is not None


@pytest.mark.parametrize("seed", range(10))
def test_equal_key_pairs_is_the_nested_loop(seed):
    rng = np.random.default_rng(seed)
    left, right = rng.integers(-1, 6, rng.integers(0, 30)), rng.integers(-1, 6, rng.integers(0, 30))
    i, j = detection.equal_key_pairs(left, right)
    assert list(zip(j.tolist(), i.tolist())) == [(b, a) for b in range(len(right)) for a in range(len(left))
                                                 if left[a] == right[b]]


def _best_matches_by_merge(pred, true):
    """The 3D grader's matching before it joined with equal_key_pairs: a pandas merge and sort."""
    best, which = np.zeros(len(pred)), np.full(len(pred), -1)
    pairs = pred.reset_index().merge(true.reset_index(), on=["sample", "name"], suffixes=("_p", "_t"))
    if len(pairs) == 0:
        return best, which
    values = lyft.iou(pd.DataFrame({c: pairs[c + "_p"].to_numpy() for c in ("x", "y", "z", "w", "l", "h", "yaw")}),
                      pd.DataFrame({c: pairs[c + "_t"].to_numpy() for c in ("x", "y", "z", "w", "l", "h", "yaw")}))
    found = pd.DataFrame({"p": pairs["index_p"].to_numpy(), "t": pairs["index_t"].to_numpy(), "iou": values})
    found = found[found["iou"] > 0].sort_values(["p", "iou", "t"], ascending=[True, False, True], kind="stable")
    found = found.drop_duplicates("p")
    best[found["p"].to_numpy()] = found["iou"].to_numpy()
    which[found["p"].to_numpy()] = found["t"].to_numpy()
    return best, which


@pytest.mark.parametrize("seed", range(8))
def test_3d_best_matches_is_the_merge(seed):
    rng = np.random.default_rng(seed)

    def objects(n):
        return pd.DataFrame({"sample": rng.integers(0, 6, n), "pos": 0, "name": rng.choice(["car", "bus", "dog"], n).astype(object),
                             "score": rng.random(n), "x": rng.normal(0, 2, n).round(1), "y": rng.normal(0, 2, n).round(1),
                             "z": rng.normal(0, 1, n).round(1), "w": rng.uniform(0.5, 3, n).round(1),
                             "l": rng.uniform(0.5, 5, n).round(1), "h": rng.uniform(0.5, 2, n).round(1),
                             "yaw": rng.choice([0.0, 0.5, np.pi / 2], n)})

    true = objects(40)
    pred = pd.concat([objects(40), true.iloc[::3]], ignore_index=True)  # exact copies: equal best IoUs
    pred = pd.concat([pred, pred.iloc[:5]], ignore_index=True)
    got, want = lyft.best_matches(pred, true), _best_matches_by_merge(pred, true)
    assert got[0].tobytes() == want[0].tobytes() and got[1].tolist() == want[1].tolist()
    assert (want[0] > 0).sum() > 10


def test_parse_plain_runs_takes_digits_only_of_at_most_18():
    from mlebench.grading.rle import parse_plain_runs

    def runs(cells):
        return parse_plain_runs(pa.array(cells, type=pa.large_string()), 10**19)

    assert runs(["1 2 5 1", None, ""])[1].tolist() == [0, 4]
    assert runs(["1 " + "9" * 18]) is not None
    assert runs(["1 " + "1" * 19]) is None  # 19 digits: parsed one by one
    for odd in ["1 +2", "1 2.0", "1 -2", "1 ٣", "1 2\x00"]:
        assert runs([odd]) is None
    assert detection.cell_bytes(pa.array(["ab", "c"]).slice(1)).tobytes() == b"c"
