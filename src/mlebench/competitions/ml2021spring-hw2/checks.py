"""ml2021spring-hw2: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import math

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import load_module

CID = "ml2021spring-hw2"
NPY = ["test_11.npy", "train_11.npy", "train_label_11.npy"]


def _raw(prepared, name):
    return np.load(prepared.raw_root / CID / "timit_11" / "timit_11" / name)


def test_prepared_files_are_v1s(comp):
    public = sorted(p.relative_to(comp.public_dir).as_posix() for p in comp.public_dir.rglob("*") if p.is_file())
    assert public == ["description.md", "sampleSubmission.csv", *(f"timit_11/timit_11/{n}" for n in NPY)]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(comp.public_dir / "sampleSubmission.csv")
    assert list(answers.columns) == list(sample.columns) == ["Id", "ClassId"]
    assert list(answers["Id"]) == list(sample["Id"]) == list(range(len(answers)))
    assert (sample["ClassId"] == 0).all()


def test_split_uses_kaggles_test_share_and_keeps_rows_and_labels_together(comp, prepared):
    raw_x, raw_y, raw_test = _raw(prepared, "train_11.npy"), _raw(prepared, "train_label_11.npy"), _raw(prepared, "test_11.npy")
    folder = comp.public_dir / "timit_11" / "timit_11"
    x, y, test = (np.load(folder / n) for n in ["train_11.npy", "train_label_11.npy", "test_11.npy"])
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    share = len(raw_test) / (len(raw_x) + len(raw_test))
    assert len(test) == len(answers) == math.ceil(share * len(raw_x)) and len(x) + len(test) == len(raw_x)
    assert x.dtype == test.dtype == raw_x.dtype and y.dtype == raw_y.dtype and x.shape[1] == raw_x.shape[1]
    # every prepared row is a raw row with its own label (the fixture's rows are all distinct)
    where = {row.tobytes(): i for i, row in enumerate(raw_x)}
    assert [raw_y[where[r.tobytes()]] for r in x] == list(y)
    assert [int(raw_y[where[r.tobytes()]]) for r in test] == list(answers["ClassId"])
    assert len({r.tobytes() for r in x} | {r.tobytes() for r in test}) == len(raw_x)


def test_chunked_copy_writes_what_np_save_writes(comp, prepared, tmp_path, monkeypatch):
    module = load_module(comp.folder / "prepare.py", f"{CID}.prepare_chunks")
    monkeypatch.setattr(module, "CHUNK_ROWS", 7)  # many chunks, the last one partial
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    module.prepare(prepared.raw_root / CID, tmp_path / "public", tmp_path / "private")
    for name in NPY:
        rel = f"timit_11/timit_11/{name}"
        assert (tmp_path / "public" / rel).read_bytes() == (comp.public_dir / rel).read_bytes(), name
    raw_x = _raw(prepared, "train_11.npy")
    buf = tmp_path / "ref.npy"
    np.save(buf, raw_x[[5, 0, 3]])
    module._take(raw_x, np.array([5, 0, 3]), tmp_path / "take.npy")
    assert (tmp_path / "take.npy").read_bytes() == buf.read_bytes()


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": [0, 1, 2, 3], "ClassId": [12, 3, 38, 0]})
    sub = pd.DataFrame({"Id": [3, 2, 1, 0], "ClassId": [0.0, 37, 3, 1]})
    # 0 -> 1 wrong, 1 -> 3 right, 2 -> 37 wrong, 3 -> 0.0 right (a float class counts as v1's int)
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5)


def test_text_classes_are_invalid(comp):
    answers = pd.DataFrame({"Id": [0, 1], "ClassId": [12, 3]})
    result = comp.grader.grade(pd.DataFrame({"Id": [0, 1], "ClassId": ["aa", "sil"]}), answers)
    assert result.score is None and "numeric" in result.invalid_reason
