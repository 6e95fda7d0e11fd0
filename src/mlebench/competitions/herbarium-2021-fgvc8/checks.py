"""herbarium-2021-fgvc8: 2020's checks on 2021's layout."""

import json
from pathlib import Path

from mlebench.registry import load_competition_module

_h2020 = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "checks")
CID = "herbarium-2021-fgvc8"


def test_files_and_layout(comp):
    _h2020.check_files_and_layout(comp, "")


def test_split_follows_v1(comp, prepared):
    _h2020.check_split(comp, prepared.raw_root / CID, "", "utf-8")


def test_metadata_keeps_institutions_in_train_only(comp):
    train = json.loads((comp.public_dir / "train" / "metadata.json").read_text())
    assert "institutions" in train and "categories" in train
    assert "\\u00d7" in (comp.public_dir / "train" / "metadata.json").read_text()  # read as UTF-8: "×" kept


def test_hand_checked_score(comp):
    _h2020.check_hand_checked_score(comp)
