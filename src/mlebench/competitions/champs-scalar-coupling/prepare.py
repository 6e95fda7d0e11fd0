"""v1's recipe: Kaggle's labelled couplings are split by molecule, 90/10 (random_state=0).

The molecules of ``train.csv`` (in name order, as pandas groups them) are split with
``train_test_split(test_size=0.1, random_state=0)``; each side lists its molecules' rows in the
split's order, rows within a molecule in Kaggle's order.

Public: ``train.csv``, ``test.csv`` (without ``scalar_coupling_constant``),
``sample_submission.csv`` (id, scalar_coupling_constant = 0), and the extra tables
(``structures.csv``, ``dipole_moments.csv``, ``magnetic_shielding_tensors.csv``,
``mulliken_charges.csv``, ``potential_energy.csv``, ``scalar_coupling_contributions.csv``) and
``structures/<molecule>.xyz`` files, all restricted to the new train molecules. Version 1 keeps
v1's defect: the test molecules' structures (``structures.csv`` rows and ``.xyz`` files) are left
out too (openai/mle-bench#70); version 2 (``STRUCTURES_OF_TEST = True``) keeps them.
Private: ``answers.csv`` (the test rows with their constants).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE = 0.1
SEED = 0
TARGET = "scalar_coupling_constant"
TRAIN_ONLY_TABLES = [
    "dipole_moments", "magnetic_shielding_tensors", "mulliken_charges", "potential_energy",
    "scalar_coupling_contributions",
]


def split_by_molecule(old_train: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """v1's molecule split: rows of each side grouped by molecule, molecules in the split's order."""
    names = np.sort(old_train["molecule_name"].unique())
    train_names, test_names = train_test_split(list(names), test_size=TEST_SIZE, random_state=SEED)

    def rows_of(chosen: list[str]) -> pd.DataFrame:
        rank = pd.Series(np.arange(len(chosen)), index=chosen)
        part = old_train[old_train["molecule_name"].isin(rank.index)]
        order = np.argsort(rank.reindex(part["molecule_name"]).to_numpy(), kind="stable")
        return part.iloc[order]

    return rows_of(train_names), rows_of(test_names)


def prepare_files(raw: Path, public: Path, private: Path, *, structures_of_test: bool) -> None:
    old_train = pd.read_csv(raw / "train.csv")
    new_train, answers = split_by_molecule(old_train)
    new_test = answers.drop(columns=[TARGET])
    sample = new_test[["id"]].copy()
    sample[TARGET] = 0

    train_molecules = set(new_train["molecule_name"])
    with_structures = train_molecules | (set(new_test["molecule_name"]) if structures_of_test else set())
    tables = {}
    structures = pd.read_csv(raw / "structures.csv")
    tables["structures"] = structures[structures["molecule_name"].isin(with_structures)]
    for name in TRAIN_ONLY_TABLES:
        table = pd.read_csv(raw / f"{name}.csv")
        tables[name] = table[table["molecule_name"].isin(train_molecules)]

    for name, table in tables.items():
        expected = with_structures if name == "structures" else train_molecules
        assert set(table["molecule_name"]) == expected, f"{name}.csv does not cover exactly the expected molecules"
    assert train_molecules.isdisjoint(new_test["molecule_name"]), "a molecule is in both train and test"
    assert set(new_train["id"]).isdisjoint(new_test["id"])
    assert new_test.shape[1] == 5 and answers.shape[1] == 6 and new_train.shape[1] == 6

    with tempfile.TemporaryDirectory() as tmp:
        xyz = raw_folder(raw, "structures", Path(tmp))
        (public / "structures").mkdir(exist_ok=True)
        for molecule in pd.unique(pd.concat([new_train["molecule_name"], new_test["molecule_name"]])):
            if molecule in with_structures:
                shutil.copyfile(xyz / f"{molecule}.xyz", public / "structures" / f"{molecule}.xyz")

    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    for name, table in tables.items():
        table.to_csv(public / f"{name}.csv", index=False)


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_files(raw, public, private, structures_of_test=False)  # v1: test structures left out (#70)
