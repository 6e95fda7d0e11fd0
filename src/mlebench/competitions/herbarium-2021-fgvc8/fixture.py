"""Raw files laid out like Kaggle's herbarium-2021-fgvc8 download (tiny, synthetic): 2020's
layout without the ``nybg2020/`` folder (``train/metadata.json``, ``train/images/...``,
``test/...``, ``sample_submission.csv``), annotations with ``institution_id`` and an
``institutions`` list."""

from pathlib import Path

from mlebench.registry import load_competition_module

_nybg = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "fixture")


def make_raw(raw: Path) -> None:
    _nybg.make_nybg(raw, root="", site_key="institutions", site_name="institution_id", seed=2021)
