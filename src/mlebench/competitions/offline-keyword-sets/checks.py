"""offline-keyword-sets' own checks: the split, an extracted download, the ceiling from the exact
tag probabilities, and a test set large enough to tell gold from bronze."""

import zipfile
from pathlib import Path

import pandas as pd

from mlebench.offline import quality
from mlebench.registry import load_competition_module

HERE = Path(__file__).parent


def test_a_quarter_of_the_posts_are_the_test_set_and_every_post_has_a_tag(comp):
    train = pd.read_csv(comp.public_dir / "train.csv", keep_default_na=False)
    answers = pd.read_csv(comp.answers, keep_default_na=False)
    assert (len(train), len(answers)) == (6000, 2000)
    assert (answers["Tags"].str.split().str.len() >= 1).all()


def test_an_extracted_download_prepares_the_same(comp, tmp_path):
    raw, public, private = (tmp_path / name for name in ("raw", "public", "private"))
    for folder in (raw, public, private):
        folder.mkdir()
    load_competition_module(HERE, "raw").generate(raw)
    with zipfile.ZipFile(raw / "Train.zip") as zf:
        zf.extractall(raw)
    (raw / "Train.zip").unlink()
    comp.prepare_fn(raw=raw, public=public, private=private)
    for ours, theirs in ((public, comp.public_dir), (private, comp.private_dir)):
        for path in ours.iterdir():
            assert path.read_bytes() == (theirs / path.name).read_bytes(), path.name


def test_the_ceiling_is_the_exact_tag_probabilities_and_tops_the_board(comp):
    quality.check_ceiling(comp)


def test_the_test_set_separates_gold_from_bronze(comp):
    quality.check_quality(comp)
