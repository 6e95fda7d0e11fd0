"""Raw files laid out like Kaggle's champs-scalar-coupling download (tiny and synthetic).

``train.csv`` (id, molecule_name, atom_index_0, atom_index_1, type, scalar_coupling_constant),
``test.csv`` and ``sample_submission.csv`` (Kaggle's unlabelled molecules), ``structures.csv``
(molecule_name, atom_index, atom, x, y, z) and ``structures/<molecule>.xyz`` for every molecule,
and the train-only tables ``dipole_moments.csv``, ``magnetic_shielding_tensors.csv``,
``mulliken_charges.csv``, ``potential_energy.csv``, ``scalar_coupling_contributions.csv``.
Molecules are named ``dsgdb9nsd_000001``...; ids run over train then test rows.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN_MOLECULES, N_TEST_MOLECULES = 40, 4
TYPES = {"1JHC": 95.0, "2JHH": -10.0, "3JHC": 3.0, "1JHN": 48.0}
ATOMS = ["C", "H", "N", "O"]


def _molecules(rng: np.random.Generator, first: int, n: int):
    for k in range(first, first + n):
        name = f"dsgdb9nsd_{k:06d}"
        atoms = ["C", "N", *rng.choice(ATOMS, size=int(rng.integers(1, 4))), "H", "H", "H"]
        yield name, atoms, np.round(rng.normal(0, 1.2, size=(len(atoms), 3)), 6)


def _couplings(rng: np.random.Generator, name: str, atoms: list[str]) -> list[dict]:
    rows = []
    hydrogens = [i for i, a in enumerate(atoms) if a == "H"]
    for h in hydrogens:
        for other in rng.choice(len(atoms), size=2, replace=False):
            if other == h:
                continue
            ctype = rng.choice(list(TYPES))
            rows.append({"molecule_name": name, "atom_index_0": h, "atom_index_1": int(other), "type": ctype,
                         "scalar_coupling_constant": round(TYPES[ctype] + rng.normal(0, 3), 4)})
    return rows


def _xyz(atoms, coords) -> str:
    lines = [str(len(atoms)), ""] + [f"{a} {x:.8f} {y:.8f} {z:.8f}" for a, (x, y, z) in zip(atoms, coords)]
    return "\n".join(lines) + "\n"


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(1719)
    train_mols = list(_molecules(rng, 1, N_TRAIN_MOLECULES))
    test_mols = list(_molecules(rng, 100, N_TEST_MOLECULES))
    (raw / "structures").mkdir()
    structures = []
    for name, atoms, coords in train_mols + test_mols:
        (raw / "structures" / f"{name}.xyz").write_text(_xyz(atoms, coords))
        structures += [{"molecule_name": name, "atom_index": i, "atom": a, "x": x, "y": y, "z": z}
                       for i, (a, (x, y, z)) in enumerate(zip(atoms, coords))]
    pd.DataFrame(structures).to_csv(raw / "structures.csv", index=False)

    train = pd.DataFrame([r for name, atoms, _ in train_mols for r in _couplings(rng, name, atoms)])
    test = pd.DataFrame([r for name, atoms, _ in test_mols for r in _couplings(rng, name, atoms)])
    train.insert(0, "id", np.arange(len(train)))
    test.insert(0, "id", np.arange(len(train), len(train) + len(test)))
    train.to_csv(raw / "train.csv", index=False)
    test.drop(columns=["scalar_coupling_constant"]).to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(scalar_coupling_constant=0).to_csv(raw / "sample_submission.csv", index=False)

    names = [name for name, _, _ in train_mols]
    per_atom = [(name, i) for name, atoms, _ in train_mols for i in range(len(atoms))]
    pd.DataFrame({"molecule_name": names, "X": rng.normal(size=len(names)).round(4), "Y": 0.0,
                  "Z": rng.normal(size=len(names)).round(4)}).to_csv(raw / "dipole_moments.csv", index=False)
    tensors = pd.DataFrame(per_atom, columns=["molecule_name", "atom_index"])
    for c in ["XX", "YX", "ZX", "XY", "YY", "ZY", "XZ", "YZ", "ZZ"]:
        tensors[c] = rng.normal(100, 30, size=len(per_atom)).round(4)
    tensors.to_csv(raw / "magnetic_shielding_tensors.csv", index=False)
    charges = pd.DataFrame(per_atom, columns=["molecule_name", "atom_index"])
    charges["mulliken_charge"] = rng.normal(0, 0.2, size=len(per_atom)).round(6)
    charges.to_csv(raw / "mulliken_charges.csv", index=False)
    pd.DataFrame({"molecule_name": names, "potential_energy": rng.normal(-400, 30, size=len(names)).round(5)}).to_csv(
        raw / "potential_energy.csv", index=False
    )
    contrib = train[["molecule_name", "atom_index_0", "atom_index_1", "type"]].copy()
    parts = rng.dirichlet([8, 1, 1, 1], size=len(train)) * train[["scalar_coupling_constant"]].to_numpy()
    for j, c in enumerate(["fc", "sd", "pso", "dso"]):
        contrib[c] = parts[:, j].round(5)
    contrib.to_csv(raw / "scalar_coupling_contributions.csv", index=False)
