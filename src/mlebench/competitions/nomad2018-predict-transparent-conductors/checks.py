"""nomad2018-predict-transparent-conductors: v1's prepared layout and grading."""

import math
import zipfile

import pandas as pd
import pytest

CID = "nomad2018-predict-transparent-conductors"
TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]


def _raw_train(prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "train.csv.zip") as zf, zf.open("train.csv") as f:
        return pd.read_csv(f)


def test_files_and_columns_match_v1(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "test.csv", "train", "train.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = _raw_train(prepared)
    train = pd.read_csv(comp.public_dir / "train.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(answers.columns) == list(raw.columns)
    assert list(test.columns) == [c for c in raw.columns if c not in TARGETS]
    assert list(sample.columns) == ["id", *TARGETS]
    assert (sample["formation_energy_ev_natom"] == 0.1779).all() and (sample["bandgap_energy_ev"] == 1.8892).all()
    assert list(sample["id"]) == list(test["id"]) == list(answers["id"])


def test_split_renumbers_ids_and_moves_geometries(comp, prepared):
    raw = _raw_train(prepared)
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == len(raw) // 10 and len(train) + len(answers) == len(raw)
    assert list(train["id"]) == list(range(1, len(train) + 1))
    assert list(answers["id"]) == list(range(1, len(answers) + 1))
    features = [c for c in raw.columns if c != "id"]
    with zipfile.ZipFile(prepared.raw_root / CID / "train.zip") as zf:
        for split, frame in (("train", train), ("test", answers)):
            assert sorted(int(p.name) for p in (comp.public_dir / split).iterdir()) == list(frame["id"])
            for _, row in frame.iterrows():
                old = raw[(raw[features] == row[features]).all(axis=1)]["id"]
                assert len(old) == 1
                copied = (comp.public_dir / split / str(int(row["id"])) / "geometry.xyz").read_bytes()
                assert copied == zf.read(f"train/{old.iloc[0]}/geometry.xyz")


def test_extracted_and_zipped_raw_prepare_the_same(comp, prepared, tmp_path):
    raw = tmp_path / "raw"
    for name in ("train.zip", "train.csv.zip"):
        with zipfile.ZipFile(prepared.raw_root / CID / name) as zf:
            zf.extractall(raw)
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    ours = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("p*/**/*") if p.is_file())
    theirs = sorted(p.relative_to(comp.prepared_dir).as_posix() for p in comp.prepared_dir.glob("p*/**/*") if p.is_file())
    assert ours == [t for t in theirs if t != "public/description.md"]
    for rel in ours:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes(), rel


def test_hand_checked_score_matches_rows_by_id(comp):
    answers = pd.DataFrame({"id": [1, 2], "formation_energy_ev_natom": [0.0, 0.0], "bandgap_energy_ev": [1.0, 3.0]})
    sub = pd.DataFrame({"id": [2, 1], "formation_energy_ev_natom": [0.0, math.e - 1], "bandgap_energy_ev": [3.0, 1.0]})
    # formation: errors ln(e) = 1 and 0 -> sqrt(1/2); band gap: exact -> 0; mean = sqrt(1/2) / 2
    assert comp.grader(sub, answers) == pytest.approx(round(math.sqrt(0.5) / 2, 5))
