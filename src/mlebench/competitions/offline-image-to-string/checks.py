"""offline-image-to-string's own checks: the recorded ceiling and quality numbers hold, files are laid out."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from mlebench.offline import quality
from mlebench.registry import load_competition_module
from mlebench.utils import load_answers



def test_ceiling_guesses_only_the_smudged_symbols_and_no_reference_beats_it(comp):
    raw = load_competition_module(comp.folder, "raw")
    frame = raw.simulate()[0].set_index("image_id")
    answers = load_answers(comp.answers)
    best = raw.best_readings(frame.loc[answers["image_id"]])
    quality.check_ceiling(comp, pd.DataFrame({"image_id": answers["image_id"], "InChI": best.to_numpy()}))


def test_quality_numbers_match_the_board(comp):
    quality.check_quality(comp)


def test_every_image_is_filed_by_its_id_and_labels_stay_text(comp):
    answers = load_answers(comp.answers)
    assert len(answers) == 1000 and answers["InChI"].map(type).eq(str).all()
    for folder, ids in (("test", answers["image_id"]),
                        ("train", pd.read_csv(comp.public_dir / "train_labels.csv", dtype=str)["image_id"])):
        found = sorted(p.stem for p in (comp.public_dir / folder).rglob("*.png"))
        assert found == sorted(ids)
        assert all((comp.public_dir / folder / i[0] / i[1] / i[2] / f"{i}.png").is_file() for i in ids[:50])


def test_no_image_is_public_in_both_train_and_test(comp):
    digests = {folder: {hashlib.md5(p.read_bytes()).hexdigest() for p in (comp.public_dir / folder).rglob("*.png")}
               for folder in ("train", "test")}
    assert len(digests["train"]) > 3000 and len(digests["test"]) == 1000
    assert not digests["train"] & digests["test"]


def test_edit_distance_counts_insertions_deletions_and_substitutions(comp):
    answers = pd.DataFrame({"image_id": ["a", "b", "c"], "InChI": ["BCDF", "GHJK", "MPQ"]})
    sub = pd.DataFrame({"image_id": ["c", "a", "b"], "InChI": ["", "BCDFX", "GHKK"]})
    assert comp.grader.grade(sub, answers).score == round((1 + 1 + 3) / 3, 5)
