"""champs-scalar-coupling-v2: version 1's split, with the test molecules' structures."""

from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module

_v1_checks = load_competition_module(Path(__file__).resolve().parent.parent / "champs-scalar-coupling", "checks")


def test_files_and_split_with_test_structures(comp, prepared):
    train, answers = _v1_checks.public_files_and_split(comp, prepared)
    every_molecule = set(train["molecule_name"]) | set(answers["molecule_name"])
    structures = pd.read_csv(comp.public_dir / "structures.csv")
    assert set(structures["molecule_name"]) == every_molecule
    assert {p.stem for p in (comp.public_dir / "structures").glob("*.xyz")} == every_molecule
    # rows and files are Kaggle's, unchanged
    raw = prepared.raw_root / comp.id
    kaggle = pd.read_csv(raw / "structures.csv")
    assert structures.equals(kaggle[kaggle["molecule_name"].isin(every_molecule)])
    some = next(iter(set(answers["molecule_name"])))
    assert (comp.public_dir / "structures" / f"{some}.xyz").read_bytes() == (raw / "structures" / f"{some}.xyz").read_bytes()


def test_hand_checked_score(comp):
    _v1_checks.test_hand_checked_score(comp)
