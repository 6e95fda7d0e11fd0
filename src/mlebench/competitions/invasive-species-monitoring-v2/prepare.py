"""invasive-species-monitoring-v2: version 1's split and files, with the pictures in the 7z files.

``train.7z`` holds ``train/<name>.jpg`` for every row of ``train_labels.csv`` and ``test.7z``
``test/<name>.jpg`` for every test row (names in ascending order, after the folder entry), the
layout v1 meant to ship. Everything else is version 1's (see its prepare.py).
"""

from __future__ import annotations

from pathlib import Path

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "invasive-species-monitoring", "prepare")


def prepare(raw: Path, public: Path, private: Path) -> None:
    _v1.prepare_files(raw, public, private, with_images=True)
