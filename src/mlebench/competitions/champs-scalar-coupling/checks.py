"""champs-scalar-coupling: v1's molecule split, its train-only tables (test structures dropped,
v1 issue #70) and grading."""

import math

import numpy as np
import pandas as pd
import pytest

TABLES = [
    "dipole_moments.csv", "magnetic_shielding_tensors.csv", "mulliken_charges.csv", "potential_energy.csv",
    "scalar_coupling_contributions.csv", "structures.csv",
]


def public_files_and_split(comp, prepared):
    """Files and split shared by both versions; returns (train, answers)."""
    assert sorted(p.name for p in comp.public_dir.iterdir()) == sorted(
        ["description.md", "sample_submission.csv", "structures", "test.csv", "train.csv", *TABLES]
    )
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    raw = pd.read_csv(prepared.raw_root / comp.id / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(answers.columns) == list(raw.columns) == list(train.columns)
    assert list(test.columns) == [c for c in raw.columns if c != "scalar_coupling_constant"]
    assert list(test["id"]) == list(answers["id"])
    molecules = np.sort(raw["molecule_name"].unique())
    assert answers["molecule_name"].nunique() == math.ceil(0.1 * len(molecules))
    assert set(train["molecule_name"]).isdisjoint(answers["molecule_name"])
    assert len(train) + len(answers) == len(raw)
    # each molecule's rows stay together, in Kaggle's order
    for frame in (train, answers):
        runs = frame["molecule_name"].ne(frame["molecule_name"].shift()).sum()
        assert runs == frame["molecule_name"].nunique()
        for _, rows in frame.groupby("molecule_name"):
            assert rows["id"].is_monotonic_increasing
    # Kaggle's unlabelled test molecules are not used
    kaggle_test = pd.read_csv(prepared.raw_root / comp.id / "test.csv")
    assert set(kaggle_test["molecule_name"]).isdisjoint(test["molecule_name"])
    train_molecules = set(train["molecule_name"])
    for name in TABLES[:-1]:
        assert set(pd.read_csv(comp.public_dir / name)["molecule_name"]) == train_molecules, name
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["id", "scalar_coupling_constant"] and (sample["scalar_coupling_constant"] == 0).all()
    return train, answers


def test_v1_files_and_split_without_test_structures(comp, prepared):
    train, answers = public_files_and_split(comp, prepared)
    train_molecules = set(train["molecule_name"])
    assert set(pd.read_csv(comp.public_dir / "structures.csv")["molecule_name"]) == train_molecules
    assert {p.stem for p in (comp.public_dir / "structures").glob("*.xyz")} == train_molecules


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [1, 2, 3, 4], "molecule_name": "m", "atom_index_0": 0, "atom_index_1": 1,
                            "type": ["1JHC", "1JHC", "2JHH", "2JHH"], "scalar_coupling_constant": [90.0, 80.0, -10.0, -12.0]})
    sub = pd.DataFrame({"id": [4, 3, 2, 1], "scalar_coupling_constant": [-12.0, -10.0, 82.0, 91.0]})
    # 1JHC: (1 + 2) / 2 = 1.5; 2JHH: 0 -> floor 1e-9: (ln 1.5 + ln 1e-9) / 2
    expected = (math.log(1.5) + math.log(1e-9)) / 2
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)


def test_a_duplicated_row_is_invalid(comp):
    answers = pd.DataFrame({"id": [1, 2], "molecule_name": "m", "atom_index_0": 0, "atom_index_1": 1,
                            "type": ["1JHC", "2JHH"], "scalar_coupling_constant": [90.0, -10.0]})
    sub = pd.DataFrame({"id": [1, 2, 2], "scalar_coupling_constant": [90.0, -10.0, 50.0]})
    result = comp.grader.grade(sub, answers)
    assert result.score is None and "duplicate" in result.invalid_reason.lower()
