"""statoil-iceberg-classifier-challenge: v1's split of train.json, the .7z files, grading."""

import io
import json
import shutil

import pandas as pd
import py7zr
import pytest
from sklearn.model_selection import train_test_split

from mlebench.grading import InvalidSubmissionError

CID = "statoil-iceberg-classifier-challenge"


def _members(path) -> dict[str, bytes]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(path) as z:
        z.extractall(tmp)
        return {p.relative_to(tmp).as_posix(): p.read_bytes() for p in Path(tmp).rglob("*") if p.is_file()}


def _raw_records(prepared, name):
    return json.loads(_members(prepared.raw_root / CID / f"{name}.7z")[f"data/processed/{name}"])


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv.7z", "test.json.7z", "train.json.7z"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["sample_submission.csv", "test.csv"]
    for name in ("train.json", "test.json", "sample_submission.csv"):
        assert list(_members(comp.public_dir / f"{name}.7z")) == [name]
    sample = _members(comp.public_dir / "sample_submission.csv.7z")["sample_submission.csv"]
    assert sample == (comp.private_dir / "sample_submission.csv").read_bytes()
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == ["id", "is_iceberg"] and set(answers["is_iceberg"]) == {0, 1}
    assert pd.read_csv(io.BytesIO(sample)).equals(answers.assign(is_iceberg=0.5))


def test_split_follows_v1_and_test_records_lose_the_label(comp, prepared):
    labelled = _raw_records(prepared, "train.json")
    train, test = train_test_split(labelled, test_size=0.2, random_state=0)
    assert len(test) == 8
    public = _members(comp.public_dir / "train.json.7z")["train.json"]
    assert public == json.dumps(train).encode()  # json.dump's bytes, records in split order
    public_test = json.loads(_members(comp.public_dir / "test.json.7z")["test.json"])
    assert public_test == [{k: r[k] for k in ("id", "band_1", "band_2", "inc_angle")} for r in test]
    assert all("is_iceberg" not in r for r in public_test)
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers["id"]) == [r["id"] for r in test]
    assert list(answers["is_iceberg"]) == [r["is_iceberg"] for r in test]


def test_test_fields_follow_kaggles_test_file(comp, prepared, tmp_path):
    """The new test records take the fields (and their order) of Kaggle's test.json, read from its head."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(prepared.raw_root / CID / "train.json.7z", raw)
    kaggle_test = [{"inc_angle": 40.0, "id": "00000000", "band_2": [1.0], "band_1": [2.0]}]
    with py7zr.SevenZipFile(raw / "test.json.7z", "w") as z:
        z.writestr(json.dumps(kaggle_test).encode(), "data/processed/test.json")
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    records = json.loads(_members(tmp_path / "public" / "test.json.7z")["test.json"])
    assert [list(r) for r in records] == [["inc_angle", "id", "band_2", "band_1"]] * len(records)


def test_extracted_download_prepares_the_same_bytes(comp, prepared, tmp_path):
    """7z files unpacked by the user (data/processed/*.json) give the same files, archives included:
    their members carry a fixed timestamp, so the archives are byte-reproducible."""
    raw = tmp_path / "raw"
    for name in ("train.json", "test.json", "sample_submission.csv"):
        with py7zr.SevenZipFile(prepared.raw_root / CID / f"{name}.7z") as z:
            z.extractall(raw)
    assert (raw / "data" / "processed" / "train.json").is_file()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for sub in ("public", "private"):
        ours = sorted(p.name for p in (tmp_path / sub).iterdir())
        assert ours == sorted(p.name for p in (comp.prepared_dir / sub).iterdir() if p.name != "description.md")
        for name in ours:
            assert (tmp_path / sub / name).read_bytes() == (comp.prepared_dir / sub / name).read_bytes(), name


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c", "d"], "is_iceberg": [1, 0, 1, 0]})
    sub = pd.DataFrame({"id": ["d", "c", "b", "a"], "is_iceberg": [0.0, 0.5, 0.2, 0.8]})
    # -(log 0.8 + log 0.8 + log 0.5 + log(1 - eps)) / 4
    import math

    assert comp.grader.grade(sub, answers).score == pytest.approx(-(2 * math.log(0.8) + math.log(0.5)) / 4, abs=1e-5)
    with pytest.raises(InvalidSubmissionError):
        comp.grader.grade_fn(sub.assign(is_iceberg=[0.1, 0.2, 1.2, 0.3]), answers)
    with pytest.raises(InvalidSubmissionError):
        comp.grader.grade_fn(pd.concat([sub, sub.iloc[:1]]), answers)


def test_streamed_records_are_the_array_whatever_the_chunk_size():
    import io as _io

    from mlebench.registry import load_competition_module
    from pathlib import Path

    prepare = load_competition_module(Path(__file__).resolve().parent, "prepare")
    records = [{"id": "a", "band_1": [1.5, -2.25], "inc_angle": "na"}, {"id": "b", "band_1": [], "inc_angle": 40.1}]
    text = "[\n " + ",\n ".join(json.dumps(r) for r in records) + " ]"
    for chunk in (1, 3, 7, 1 << 20):
        assert list(prepare.iter_records(_io.StringIO(text), chunk=chunk)) == records
    assert list(prepare.iter_records(_io.StringIO("[]"))) == []
    with pytest.raises(ValueError):
        list(prepare.iter_records(_io.StringIO(text[:-10]), chunk=5))
