"""Version 1's split and files, plus the structures of the test molecules (fixes v1 issue #70).

``structures.csv`` and ``structures/<molecule>.xyz`` cover every molecule of the new train and
test sets, as Kaggle's own files cover its test molecules. The other extra tables stay train-only
(Kaggle gives them for training molecules only). Split, answers and sample are version 1's.
"""

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "champs-scalar-coupling", "prepare")


def prepare(raw: Path, public: Path, private: Path) -> None:
    _v1.prepare_files(raw, public, private, structures_of_test=True)
